/**
 * StageSecrets specifies a stage's secrets in Secrets Manager: one per catalogue entry at `<app>/<stage>/<name>`,
 * encrypted with the stage's secrets key (found by its alias; bootstrap owns the key), kept restorable for the
 * recovery window it is given (7-30 days), tagged with its consumers and rotation period, behind a resource policy
 * that denies reads to all but the roles the consumer table names, never holding a value, with the sync commands'
 * tags left alone on secrets synced outside Terraform, and its ARNs (and the key's) as outputs with fixed names.
 */
import { DataAwsKmsKey } from "@cdktf/provider-aws/lib/data-aws-kms-key";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Testing } from "cdktf";
import { StageSecrets, type SecretEntry, type StageSecretsProps } from "../../../constructs/secrets/stage-secrets";
import { ACCOUNT, roleArnOf } from "../../support/construct-scope";

const ENTRIES: SecretEntry[] = [
  { name: "database-url", description: "db", consumers: ["fly"], rotationDays: 90 },
  { name: "error-tracking-dsn", description: "dsn", consumers: ["vercel", "fly"], rotationDays: 365 },
  { name: "ci-token", description: "token", consumers: ["github"], rotationDays: 90 },
  { name: "alert-webhook", description: "webhook URL", consumers: ["cloudflare"], rotationDays: 365 },
];
const PROPS: StageSecretsProps = { ...ACCOUNT, stage: "production", secrets: ENTRIES, recoveryWindowInDays: 30 };
const synth = (props: Partial<StageSecretsProps> = {}) =>
  Testing.synthScope((scope) => void new StageSecrets(scope, "secrets", { ...PROPS, ...props }));

/** Blocks of one type by catalogue name (their construct ids are `secret-<name>`, `secret-policy-<name>`). */
const byName = (json: any, type: string) =>
  Object.fromEntries(
    Object.entries(json.resource[type] as Record<string, any>).map(([address, r]) => [
      address.replace(/^secrets_secret(-policy)?-/, "").replace(/_[0-9A-F]{8}$/, ""),
      r,
    ]),
  );

describe("StageSecrets", () => {
  const out = synth();
  const json = JSON.parse(out);
  const secrets = byName(json, "aws_secretsmanager_secret");
  const policies = byName(json, "aws_secretsmanager_secret_policy");

  test("declares one secret per catalogue entry, named <app>/<stage>/<name>, with the recovery window it is given", () => {
    expect(
      Object.values(secrets)
        .map((s) => s.name)
        .sort(),
    ).toEqual([
      "acme/production/alert-webhook",
      "acme/production/ci-token",
      "acme/production/database-url",
      "acme/production/error-tracking-dsn",
    ]);
    for (const s of Object.values(secrets)) expect(s.recovery_window_in_days).toBe(30);
    expect(synth({ stage: "staging", recoveryWindowInDays: 14 })).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: "acme/staging/database-url",
      description: "db",
      recovery_window_in_days: 14,
    });
  });

  test("encrypts every secret with the stage's key, found by its alias (the bootstrap stack owns the key)", () => {
    const [[address, key]] = Object.entries(json.data.aws_kms_key) as [[string, any]];
    expect(key.key_id).toBe("arn:aws:kms:eu-west-1:000000000000:alias/acme-production-secrets");
    expect(synth({ stage: "staging" })).toHaveDataSourceWithProperties(DataAwsKmsKey, {
      key_id: "arn:aws:kms:eu-west-1:000000000000:alias/acme-staging-secrets",
    });
    for (const s of Object.values(secrets)) expect(s.kms_key_id).toBe(`\${data.aws_kms_key.${address}.arn}`);
    expect(json.resource.aws_kms_key).toBeUndefined();
  });

  test("tags each secret with its consumers (sorted) and its rotation period", () => {
    expect(secrets["error-tracking-dsn"].tags).toEqual({ consumers: "fly vercel", "rotation-days": "365" });
  });

  test("holds no value: no secret version, no secret string", () => {
    expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
    expect(out).not.toMatch(/"(secret_string|secret_binary)"\s*:/);
  });

  test("denies reads to all but the roles the consumer table names, one policy per secret", () => {
    const readers = (name: string) =>
      JSON.parse(policies[name].policy).Statement[0].Condition.StringNotEquals["aws:PrincipalArn"];
    expect(readers("database-url")).toEqual([roleArnOf("acme-fly-production")]);
    expect(readers("error-tracking-dsn")).toEqual([
      roleArnOf("acme-deploy-production"),
      roleArnOf("acme-plan-production"),
      roleArnOf("acme-fly-production"),
    ]);
    expect(readers("ci-token")).toEqual([roleArnOf("acme-deploy-production")]);
    expect(readers("alert-webhook")).toEqual([roleArnOf("acme-deploy-production")]);
    for (const [name, p] of Object.entries(policies)) {
      expect(p.secret_arn).toMatch(
        new RegExp(`^\\$\\{aws_secretsmanager_secret\\.secrets_secret-${name}_[0-9A-F]{8}\\.arn\\}$`),
      );
      expect(p.block_public_policy).toBe(true);
      expect(JSON.parse(p.policy).Statement).toEqual([
        {
          Sid: "DenyReadsButConsumers",
          Effect: "Deny",
          Principal: "*",
          Action: "secretsmanager:GetSecretValue",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:PrincipalArn": expect.any(Array) } },
        },
      ]);
    }
  });

  test("leaves alone exactly the tags the sync commands write, and only on secrets synced outside Terraform", () => {
    const ignored = ['tags["synced-github"]', 'tags["synced-cloudflare"]', 'tags["cloudflare-webhook-id"]'];
    expect(secrets["ci-token"].lifecycle).toEqual({ ignore_changes: ignored });
    expect(secrets["alert-webhook"].lifecycle).toEqual({ ignore_changes: ignored });
    expect(secrets["database-url"].lifecycle).toBeUndefined();
    expect(secrets["error-tracking-dsn"].lifecycle).toBeUndefined();
  });

  test("outputs the secret ARNs by name and the key ARN, under fixed names", () => {
    expect(Object.keys(json.output).sort()).toEqual(["secret_arns", "secrets_key_arn"]);
    expect(Object.keys(json.output.secret_arns.value).sort()).toEqual([
      "alert-webhook",
      "ci-token",
      "database-url",
      "error-tracking-dsn",
    ]);
    expect(json.output.secrets_key_arn.value).toMatch(/^\$\{data\.aws_kms_key\..+\.arn\}$/);
  });

  test.each([0, 3, 6, 31])("throws for a recovery window of %d days", (days) => {
    expect(() => synth({ recoveryWindowInDays: days })).toThrow(
      new RegExp(`^StageSecrets production: recoveryWindowInDays ${days} is outside 7-30`),
    );
  });
});
