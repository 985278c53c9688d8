/**
 * A stage's secrets in AWS Secrets Manager: one secret per catalogue entry at `<app>/<stage>/<name>`, encrypted
 * with the stage's customer-managed KMS key (rotation on, alias `alias/<app>-<stage>-secrets`), a recovery window,
 * tags naming consumers and rotation period, and a resource policy that denies reads to every principal but the
 * roles that consume it. No value is ever declared here: values enter with `infra secrets set`.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { SecretSpec, StageConfig } from "../../environments";
import { accountRootArn, policyJson, roleArn } from "../iam-policy";
import { deployRoleName, flyRoleName, planRoleName, secretsKeyAlias } from "../identity/role-names";
import { secretPrefix } from "../names";

/** Key administration without any use of the key: the account (through IAM) can manage, never decrypt. */
const KEY_ADMIN_ACTIONS = [
  "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
  "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];

export interface StageSecretsProps {
  readonly stage: StageConfig;
  /**
   * Days a deleted secret can be restored (7–30).
   * @default 30 in production, 7 elsewhere
   * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/secretsmanager_secret#recovery_window_in_days
   */
  readonly recoveryWindowInDays?: number;
}

export interface StageSecret {
  readonly spec: SecretSpec;
  readonly secret: SecretsmanagerSecret;
  /** Role ARNs allowed to read the value. */
  readonly readers: readonly string[];
}

export class StageSecrets extends Construct {
  public readonly key: KmsKey;
  public readonly recoveryWindowInDays: number;
  public readonly secrets: Readonly<Record<string, StageSecret>>;

  constructor(scope: Construct, id: string, props: StageSecretsProps) {
    super(scope, id);
    const { stage } = props;
    this.recoveryWindowInDays = props.recoveryWindowInDays ?? (stage.name === "production" ? 30 : 7);
    if (!Number.isInteger(this.recoveryWindowInDays) || this.recoveryWindowInDays < 7 || this.recoveryWindowInDays > 30) {
      throw new Error(`${stage.name}.secrets recoveryWindowInDays: ${this.recoveryWindowInDays} is outside 7-30; a deleted secret must stay restorable for at least a week`);
    }
    if (stage.name === "production" && this.recoveryWindowInDays !== 30) {
      throw new Error(`production.secrets recoveryWindowInDays: ${this.recoveryWindowInDays} is not 30; production secrets keep the longest recovery window`);
    }

    const deployRole = roleArn(stage, deployRoleName(stage, stage.name));
    const flyRole = roleArn(stage, flyRoleName(stage, stage.name));
    const planRole = roleArn(stage, planRoleName(stage));
    const readersOf = (spec: SecretSpec): string[] => [
      ...(spec.consumers.includes("fly") ? [flyRole] : []),
      ...(spec.consumers.some((c) => c === "vercel" || c === "github") ? [deployRole, planRole] : []),
    ];
    const allReaders = [...new Set(stage.secrets.flatMap(readersOf))];
    const viaSecretsManager = { StringEquals: { "kms:ViaService": `secretsmanager.${stage.aws.region}.amazonaws.com` } };

    this.key = new KmsKey(this, "key", {
      description: `Encrypts the ${stage.name} secrets of ${stage.app}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyJson(
        { Sid: "KeyAdministration", Effect: "Allow", Principal: { AWS: accountRootArn(stage) }, Action: KEY_ADMIN_ACTIONS, Resource: "*" },
        {
          Sid: "DeployRoleWritesSecrets",
          Effect: "Allow",
          Principal: { AWS: deployRole },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          Resource: "*",
          Condition: viaSecretsManager,
        },
        ...(allReaders.length > 0
          ? [{
              Sid: "ConsumersDecrypt",
              Effect: "Allow" as const,
              Principal: { AWS: allReaders },
              Action: ["kms:Decrypt", "kms:DescribeKey"],
              Resource: "*",
              Condition: viaSecretsManager,
            }]
          : []),
      ),
    });
    new KmsAlias(this, "key-alias", { name: secretsKeyAlias(stage, stage.name), targetKeyId: this.key.keyId });

    const secrets: Record<string, StageSecret> = {};
    for (const spec of stage.secrets) {
      const secret = new SecretsmanagerSecret(this, `secret-${spec.name}`, {
        name: `${secretPrefix(stage)}${spec.name}`,
        description: spec.description,
        kmsKeyId: this.key.arn,
        recoveryWindowInDays: this.recoveryWindowInDays,
        tags: { consumers: [...spec.consumers].sort().join(" "), "rotation-days": String(spec.rotationDays) },
      });
      const readers = readersOf(spec);
      new SecretsmanagerSecretPolicy(this, `secret-policy-${spec.name}`, {
        secretArn: secret.arn,
        blockPublicPolicy: true,
        policy: policyJson({
          Sid: "DenyReadsButConsumers",
          Effect: "Deny",
          Principal: "*",
          Action: "secretsmanager:GetSecretValue",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalArn": readers } },
        }),
      });
      secrets[spec.name] = { spec, secret, readers };
    }
    this.secrets = secrets;

    // Output names are read by people and workflows, so they are fixed rather than derived from construct paths.
    new TerraformOutput(this, "secret_arns", {
      description: `ARNs of the ${stage.name} secrets by name`,
      value: Object.fromEntries(Object.entries(secrets).map(([name, s]) => [name, s.secret.arn])),
    }).overrideLogicalId("secret_arns");
    new TerraformOutput(this, "secrets_key_arn", { value: this.key.arn }).overrideLogicalId("secrets_key_arn");
  }
}
