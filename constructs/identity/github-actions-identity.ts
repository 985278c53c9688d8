/**
 * GitHub Actions → AWS through OIDC (account-wide, in the bootstrap stack): the token.actions.githubusercontent.com
 * provider, the read-only `<app>-plan` role (pull-request plans and scheduled drift on the default branch) and one
 * `<app>-deploy-<stage>` role per stage, trusted only for `repo:<owner>/<repo>:environment:<stage>`.
 * The roles live here, not in the stage stacks, because a stage's deploy role must exist before that stage can
 * be deployed.
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { StageConfig } from "../../environments";
import { stateBucketName, stateKeyAlias, secretPrefix } from "../names";
import { policyJson, stageSecretsArnPattern, webIdentityTrustPolicy, type PolicyStatement } from "../iam-policy";
import { deployRoleName, GITHUB_OIDC_HOST, planRoleName, secretsKeyAlias, STS_AUDIENCE } from "./role-names";

const READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";

export interface GitHubActionsIdentityProps {
  /** Every stage; they share app, AWS account and GitHub repository. */
  readonly stages: readonly StageConfig[];
}

/** The GitHub OIDC trust conditions for a list of token subjects. */
export function githubTrustPolicy(providerArn: string, subjects: readonly string[]): string {
  return webIdentityTrustPolicy("GitHubActionsOidc", providerArn, {
    StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: [...subjects] },
  });
}

/** Secrets a plan must read: those whose values Terraform passes to Vercel or GitHub (read at plan time). */
function planTimeSecretArns(stage: StageConfig): string[] {
  return stage.secrets
    .filter((s) => s.consumers.some((c) => c === "vercel" || c === "github"))
    .map((s) => `arn:aws:secretsmanager:${stage.aws.region}:${stage.aws.accountId}:secret:${secretPrefix(stage)}${s.name}-??????`);
}

/** Decrypt with a stage's secrets key, identified by its alias, only through Secrets Manager. */
function decryptWithAliases(region: string, accountId: string, aliases: string[], actions: string[] = ["kms:Decrypt"]): PolicyStatement {
  return {
    Sid: "UseStageSecretsKeys",
    Effect: "Allow",
    Action: actions,
    Resource: `arn:aws:kms:${region}:${accountId}:key/*`,
    Condition: {
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": aliases },
      StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
    },
  };
}

function stateAccess(cfg: StageConfig, objectKeys: string[], write: boolean): PolicyStatement[] {
  const bucketArn = `arn:aws:s3:::${stateBucketName(cfg)}`;
  const statements: PolicyStatement[] = [
    { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
    { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: objectKeys.map((k) => `${bucketArn}/${k}`) },
    {
      Sid: "LockState",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: objectKeys.map((k) => `${bucketArn}/${k}.tflock`),
    },
    {
      Sid: "StateKey",
      Effect: "Allow",
      Action: write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: `arn:aws:kms:${cfg.aws.region}:${cfg.aws.accountId}:key/*`,
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": [stateKeyAlias(cfg)] } },
    },
  ];
  if (write) {
    statements.push({ Sid: "WriteState", Effect: "Allow", Action: "s3:PutObject", Resource: objectKeys.map((k) => `${bucketArn}/${k}`) });
  }
  return statements;
}

/** What a stage's deploy role may change: its own secrets and secrets key, nothing of another stage. */
function deployPermissions(stage: StageConfig): string {
  const { region, accountId } = stage.aws;
  const alias = secretsKeyAlias(stage, stage.name);
  return policyJson(
    ...stateAccess(stage, [`${stage.name}.tfstate`], true),
    {
      Sid: "ManageStageSecrets",
      Effect: "Allow",
      Action: [
        "secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecret",
        "secretsmanager:DeleteSecret", "secretsmanager:RestoreSecret", "secretsmanager:TagResource",
        "secretsmanager:UntagResource", "secretsmanager:GetResourcePolicy", "secretsmanager:PutResourcePolicy",
        "secretsmanager:DeleteResourcePolicy", "secretsmanager:ValidateResourcePolicy",
        "secretsmanager:ListSecretVersionIds", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
      ],
      Resource: stageSecretsArnPattern(stage),
    },
    { Sid: "ListKeyAliases", Effect: "Allow", Action: "kms:ListAliases", Resource: "*" },
    {
      Sid: "CreateStageKey",
      Effect: "Allow",
      Action: ["kms:CreateKey", "kms:TagResource"],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestTag/stage": stage.name } },
    },
    {
      Sid: "ManageStageKey",
      Effect: "Allow",
      Action: [
        "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation",
        "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
        "kms:UpdateKeyDescription", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias",
      ],
      Resource: `arn:aws:kms:${region}:${accountId}:key/*`,
      Condition: { StringEquals: { "aws:ResourceTag/stage": stage.name } },
    },
    {
      Sid: "ManageStageKeyAlias",
      Effect: "Allow",
      Action: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
      Resource: `arn:aws:kms:${region}:${accountId}:${alias}`,
    },
    decryptWithAliases(region, accountId, [alias], ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]),
  );
}

export class GitHubActionsIdentity extends Construct {
  public readonly provider: IamOpenidConnectProvider;
  public readonly planRole: IamRole;
  public readonly deployRoles: Readonly<Record<string, IamRole>>;

  constructor(scope: Construct, id: string, props: GitHubActionsIdentityProps) {
    super(scope, id);
    const [first] = props.stages;
    if (!first) throw new Error("GitHubActionsIdentity needs at least one stage");
    const repo = `repo:${first.github.owner}/${first.github.repository}`;

    this.provider = new IamOpenidConnectProvider(this, "github-oidc", {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [STS_AUDIENCE],
    });

    this.planRole = new IamRole(this, "plan-role", {
      name: planRoleName(first),
      description: "Read-only: terraform plan for pull requests and scheduled drift checks",
      maxSessionDuration: 3600,
      assumeRolePolicy: githubTrustPolicy(this.provider.arn, [`${repo}:pull_request`, `${repo}:ref:refs/heads/${first.github.defaultBranch}`]),
    });
    new IamRolePolicyAttachment(this, "plan-read-only", { role: this.planRole.name, policyArn: READ_ONLY_ACCESS });
    new IamRolePolicy(this, "plan-policy", {
      role: this.planRole.id,
      name: "plan-state-and-plan-time-secrets",
      policy: policyJson(
        ...stateAccess(first, props.stages.map((s) => `${s.name}.tfstate`), false),
        {
          Sid: "ReadPlanTimeSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: props.stages.flatMap(planTimeSecretArns),
        },
        decryptWithAliases(first.aws.region, first.aws.accountId, props.stages.map((s) => secretsKeyAlias(s, s.name))),
      ),
    });

    const deployRoles: Record<string, IamRole> = {};
    for (const stage of props.stages) {
      const role = new IamRole(this, `deploy-role-${stage.name}`, {
        name: deployRoleName(stage, stage.name),
        description: `Deploys the ${stage.name} stage from its GitHub environment`,
        maxSessionDuration: 3600,
        assumeRolePolicy: githubTrustPolicy(this.provider.arn, [`${repo}:environment:${stage.name}`]),
      });
      new IamRolePolicyAttachment(this, `deploy-read-only-${stage.name}`, { role: role.name, policyArn: READ_ONLY_ACCESS });
      new IamRolePolicy(this, `deploy-policy-${stage.name}`, { role: role.id, name: `deploy-${stage.name}`, policy: deployPermissions(stage) });
      deployRoles[stage.name] = role;
    }
    this.deployRoles = deployRoles;
  }
}
