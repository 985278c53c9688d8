/**
 * A stage's secrets in AWS Secrets Manager: one secret per catalogue entry at `<app>/<stage>/<name>`, encrypted
 * with the stage's secrets key (created and administered by the bootstrap stack, found here by its alias), a
 * recovery window, tags naming consumers and rotation period, and a resource policy that denies reads to every
 * principal but the roles that consume it (constructs/secrets/consumers.ts). No value is ever declared here:
 * values enter with `infra secrets set`.
 *
 * Consumers outside Terraform (GitHub, Cloudflare) are synced by `infra secrets sync-*`, which records what it
 * synced in tags of the secret (a digest of version and destination, never the value). Terraform leaves exactly
 * those tags alone (`ignore_changes`), so a deploy does not erase the record of the last sync.
 */
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { SecretConsumer } from "../../environments/types";
import { policyJson } from "../iam-policy";
import {
  deployRoleName,
  flyRoleName,
  kmsAliasArn,
  planRoleName,
  roleArn,
  secretName,
  secretsKeyAlias,
  type StageAccount,
} from "../names";
import { readersOf, SYNC_TAGS, type StageRoleKind } from "./consumers";
import { SecretValue } from "./secret-value";

export interface SecretEntry {
  /** Catalogue name; the secret is `<app>/<stage>/<name>`. */
  readonly name: string;
  readonly description: string;
  readonly consumers: readonly SecretConsumer[];
  readonly rotationDays: number;
}

export interface StageSecretsProps extends StageAccount {
  readonly stage: string;
  readonly secrets: readonly SecretEntry[];
  /**
   * Days a deleted secret can be restored (7-30).
   * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/secretsmanager_secret#recovery_window_in_days
   */
  readonly recoveryWindowInDays: number;
}

export interface StageSecret {
  readonly entry: SecretEntry;
  /** Its name in Secrets Manager, `<app>/<stage>/<name>` (a literal, not a reference). */
  readonly id: string;
  readonly secret: SecretsmanagerSecret;
  /** Role ARNs allowed to read the value. */
  readonly readers: readonly string[];
  /** The current value for a write-only attribute of a consumer, read ephemerally in the consumer's scope. */
  value(scope: Construct, id: string): SecretValue;
}

export class StageSecrets extends Construct {
  /** The stage's secrets key, looked up by alias (bootstrap creates it). */
  public readonly key: DataAwsKmsKey;
  public readonly secrets: Readonly<Record<string, StageSecret>>;

  constructor(scope: Construct, id: string, props: StageSecretsProps) {
    super(scope, id);
    if (
      !Number.isInteger(props.recoveryWindowInDays) ||
      props.recoveryWindowInDays < 7 ||
      props.recoveryWindowInDays > 30
    ) {
      throw new Error(
        `StageSecrets ${props.stage}: recoveryWindowInDays ${props.recoveryWindowInDays} is outside 7-30; a deleted secret must stay restorable for at least a week`,
      );
    }
    const roleOf: Record<StageRoleKind, string> = {
      deploy: roleArn(props.accountId, deployRoleName(props.app, props.stage)),
      plan: roleArn(props.accountId, planRoleName(props.app, props.stage)),
      fly: roleArn(props.accountId, flyRoleName(props.app, props.stage)),
    };
    this.key = new DataAwsKmsKey(this, "key", { keyId: kmsAliasArn(props, secretsKeyAlias(props.app, props.stage)) });

    const secrets: Record<string, StageSecret> = {};
    for (const entry of props.secrets) {
      const syncedOutside = entry.consumers.some((c) => c === "github" || c === "cloudflare");
      const secret = new SecretsmanagerSecret(this, `secret-${entry.name}`, {
        name: secretName(props.app, props.stage, entry.name),
        description: entry.description,
        kmsKeyId: this.key.arn,
        recoveryWindowInDays: props.recoveryWindowInDays,
        tags: { consumers: [...entry.consumers].sort().join(" "), "rotation-days": String(entry.rotationDays) },
        ...(syncedOutside
          ? { lifecycle: { ignoreChanges: Object.values(SYNC_TAGS).map((tag) => `tags["${tag}"]`) } }
          : {}),
      });
      const readers = readersOf(entry.consumers).map((kind) => roleOf[kind]);
      new SecretsmanagerSecretPolicy(this, `secret-policy-${entry.name}`, {
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
      secrets[entry.name] = {
        entry,
        id: secretName(props.app, props.stage, entry.name),
        secret,
        readers,
        value: (scope, valueId) => new SecretValue(scope, valueId, { secretArn: secret.arn }),
      };
    }
    this.secrets = secrets;

    // Output names are read by people and workflows, so they are fixed rather than derived from construct paths.
    new TerraformOutput(this, "secret_arns", {
      description: `ARNs of the ${props.stage} secrets by name`,
      value: Object.fromEntries(Object.entries(secrets).map(([name, s]) => [name, s.secret.arn])),
    }).overrideLogicalId("secret_arns");
    new TerraformOutput(this, "secrets_key_arn", { value: this.key.arn }).overrideLogicalId("secrets_key_arn");
  }
}
