/**
 * Stage secrets: CMK-encrypted secrets named <app>/<stage>/<name>, recovery windows, tags, deny-by-default
 * resource policies, a key policy that only the stage's roles can use, and never a value.
 */
import { Testing } from "cdktf";
import { getStage, STAGE_NAMES } from "../../environments";
import { StageSecrets } from "../../constructs/secrets/stage-secrets";
import { synthStage } from "../support/synth";

const ROLE = (name: string) => `arn:aws:iam::000000000000:role/${name}`;

function resources(json: any, type: string): Array<[string, any]> {
  return Object.entries(json.resource?.[type] ?? {});
}

describe("production secrets", () => {
  const json = synthStage("production");
  const secrets = resources(json, "aws_secretsmanager_secret");

  test("one secret per catalogue entry, named acme/production/<name>", () => {
    expect(secrets.map(([, s]) => s.name).sort()).toEqual(getStage("production").secrets.map((s) => `acme/production/${s.name}`).sort());
  });

  test("every secret is encrypted with the stage's customer-managed key and keeps a 30-day recovery window", () => {
    const [keyAddress] = resources(json, "aws_kms_key")[0]!;
    for (const [, secret] of secrets) {
      expect(secret.kms_key_id).toBe(`\${aws_kms_key.${keyAddress}.arn}`);
      expect(secret.recovery_window_in_days).toBe(30);
    }
  });

  test("secrets carry consumers and rotation-days tags; app, stage and managed-by come from the provider's default tags", () => {
    const dsn = secrets.find(([, s]) => s.name.endsWith("/error-tracking-dsn"))![1];
    expect(dsn.tags).toEqual({ consumers: "fly vercel", "rotation-days": "365" });
    expect(json.provider.aws[0].default_tags[0].tags).toEqual({ app: "acme", stage: "production", "managed-by": "platform-infra" });
  });

  test("every secret has a resource policy denying reads to all but its consumers' roles", () => {
    const policies = resources(json, "aws_secretsmanager_secret_policy");
    expect(policies).toHaveLength(secrets.length);
    const byName = Object.fromEntries(policies.map(([address, p]) => [address.replace(/^secrets_secret-policy-/, "").replace(/_[0-9A-F]{8}$/, ""), p]));
    const flyOnly = JSON.parse(byName["database-url"].policy);
    expect(flyOnly.Statement).toEqual([{
      Sid: "DenyReadsButConsumers",
      Effect: "Deny",
      Principal: "*",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
      Condition: { StringNotEquals: { "aws:PrincipalArn": [ROLE("acme-fly-production")] } },
    }]);
    const githubOnly = JSON.parse(byName["error-tracking-auth-token"].policy);
    expect(githubOnly.Statement[0].Condition.StringNotEquals["aws:PrincipalArn"]).toEqual([ROLE("acme-deploy-production"), ROLE("acme-plan")]);
    for (const [, p] of policies) expect(p.block_public_policy).toBe(true);
  });

  test("the key rotates, is aliased alias/acme-production-secrets and only the stage's roles may use it", () => {
    const [[, key]] = resources(json, "aws_kms_key") as [[string, any]];
    expect(key.enable_key_rotation).toBe(true);
    expect(resources(json, "aws_kms_alias")[0]![1].name).toBe("alias/acme-production-secrets");
    const policy = JSON.parse(key.policy);
    const admin = policy.Statement.find((s: any) => s.Sid === "KeyAdministration");
    expect(admin.Principal).toEqual({ AWS: "arn:aws:iam::000000000000:root" });
    expect(admin.Action.filter((a: string) => /Encrypt|Decrypt|GenerateDataKey/.test(a))).toEqual([]);
    const users = policy.Statement.filter((s: any) => s.Sid !== "KeyAdministration");
    expect(users.flatMap((s: any) => [s.Principal.AWS].flat()).sort()).toEqual(
      [ROLE("acme-deploy-production"), ROLE("acme-deploy-production"), ROLE("acme-fly-production"), ROLE("acme-plan")].sort(),
    );
    for (const s of users) expect(s.Condition).toEqual({ StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } });
  });

  test("no value is declared: no secret version resource and no secret_string anywhere", () => {
    expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
    // Consumers reference `ephemeral....secret_string`; no resource or data source ever sets or stores one.
    expect(JSON.stringify(json)).not.toMatch(/"secret_string"\s*:|"secret_binary"\s*:/);
    // The only value read into state is what GitHub consumes (provider 6.9 has no write-only secret attribute).
    expect(Object.keys(json.data?.aws_secretsmanager_secret_version ?? {}).every((k) => k.startsWith("github-environment_"))).toBe(true);
  });

  test("secret ARNs and the key ARN are stack outputs", () => {
    expect(Object.keys(json.output.secret_arns.value).sort()).toEqual(getStage("production").secrets.map((s) => s.name).sort());
    expect(json.output.secrets_key_arn).toBeDefined();
  });

  test("stateful resources keep their Terraform addresses (renaming one would destroy it)", () => {
    expect(Object.keys(json.resource.aws_kms_key)).toEqual(["secrets_key_F6F40C57"]);
    expect(Object.keys(json.resource.aws_kms_alias)).toEqual(["secrets_key-alias_49461052"]);
    expect(Object.keys(json.resource.aws_secretsmanager_secret).sort()).toEqual([
      "secrets_secret-crm-api-key_E53E764A",
      "secrets_secret-database-url_288366AF",
      "secrets_secret-error-tracking-auth-token_09F6FC1C",
      "secrets_secret-error-tracking-dsn_7B6605CD",
      "secrets_secret-photo-service-api-key_371914F2",
      "secrets_secret-redis-url_AD9F5AC5",
      "secrets_secret-supabase-service-role-key_E5ED8A8A",
      "secrets_secret-voice-api-private-key_8132B24B",
      "secrets_secret-webhook-signing-secret_E00F4D90",
    ]);
  });
});

describe("recovery window", () => {
  test.each([["development", 7], ["staging", 7], ["production", 30]] as const)("%s keeps deleted secrets %d days", (stage, days) => {
    for (const [, s] of resources(synthStage(stage), "aws_secretsmanager_secret")) expect(s.recovery_window_in_days).toBe(days);
  });

  test.each([0, 6, 31])("throws for a recovery window of %d days", (days) => {
    const stack = Testing.stubVersion(Testing.app()) as any;
    const { TerraformStack } = require("cdktf");
    const scope = new TerraformStack(stack, "t");
    expect(() => new StageSecrets(scope, "s", { stage: getStage("staging"), recoveryWindowInDays: days })).toThrow(
      new RegExp(`staging.secrets recoveryWindowInDays: ${days} is outside 7-30`),
    );
  });

  test("throws when production would keep secrets for less than 30 days", () => {
    const { TerraformStack } = require("cdktf");
    const scope = new TerraformStack(Testing.app(), "t");
    expect(() => new StageSecrets(scope, "s", { stage: getStage("production"), recoveryWindowInDays: 7 })).toThrow(/production.secrets recoveryWindowInDays: 7 is not 30/);
  });
});

test.each(STAGE_NAMES)("%s declares one secret per catalogue entry under its own prefix", (stage) => {
  for (const [, s] of resources(synthStage(stage), "aws_secretsmanager_secret")) expect(s.name).toMatch(new RegExp(`^acme/${stage}/[a-z0-9-]+$`));
});
