/**
 * Fly.io machines → AWS through OIDC (account-wide, in the bootstrap stack): one provider per Fly organization
 * (`https://oidc.fly.io/<org>`, audience sts.amazonaws.com) and one `<app>-fly-<stage>` role per stage, trusted
 * only for tokens whose `sub` is `<org>:<fly app>:*`, that may only read `<app>/<stage>/*` secrets and decrypt
 * them with that stage's key.
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import type { StageConfig } from "../../environments";
import { policyJson, stageSecretsArnPattern, webIdentityTrustPolicy } from "../iam-policy";
import { flyOidcHost, flyRoleName, secretsKeyAlias, STS_AUDIENCE } from "./role-names";

export interface FlyIdentityProps {
  readonly stages: readonly StageConfig[];
}

export function flyTrustPolicy(providerArn: string, org: string, flyApp: string): string {
  const host = flyOidcHost(org);
  return webIdentityTrustPolicy("FlyMachinesOidc", providerArn, {
    StringEquals: { [`${host}:aud`]: STS_AUDIENCE },
    StringLike: { [`${host}:sub`]: `${org}:${flyApp}:*` },
  });
}

/** Read this stage's secrets and decrypt them with this stage's key, through Secrets Manager only. */
export function flyReadPolicy(stage: StageConfig): string {
  const { region, accountId } = stage.aws;
  return policyJson(
    {
      Sid: "ReadStageSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      Resource: stageSecretsArnPattern(stage),
    },
    {
      Sid: "DecryptWithStageKey",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: `arn:aws:kms:${region}:${accountId}:key/*`,
      Condition: {
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": [secretsKeyAlias(stage, stage.name)] },
        StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
      },
    },
  );
}

export class FlyIdentity extends Construct {
  public readonly providers: Readonly<Record<string, IamOpenidConnectProvider>>;
  public readonly roles: Readonly<Record<string, IamRole>>;

  constructor(scope: Construct, id: string, props: FlyIdentityProps) {
    super(scope, id);
    const providers: Record<string, IamOpenidConnectProvider> = {};
    for (const org of new Set(props.stages.map((s) => s.fly.org))) {
      providers[org] = new IamOpenidConnectProvider(this, `fly-oidc-${org}`, {
        url: `https://${flyOidcHost(org)}`,
        clientIdList: [STS_AUDIENCE],
      });
    }
    const roles: Record<string, IamRole> = {};
    for (const stage of props.stages) {
      const provider = providers[stage.fly.org]!;
      roles[stage.name] = new IamRole(this, `fly-role-${stage.name}`, {
        name: flyRoleName(stage, stage.name),
        description: `Fly.io app ${stage.fly.app} reads the ${stage.name} secrets`,
        maxSessionDuration: 3600,
        assumeRolePolicy: flyTrustPolicy(provider.arn, stage.fly.org, stage.fly.app),
      });
      new IamRolePolicy(this, `fly-policy-${stage.name}`, {
        role: roles[stage.name]!.id,
        name: `read-${stage.name}-secrets`,
        policy: flyReadPolicy(stage),
      });
    }
    this.providers = providers;
    this.roles = roles;
  }
}
