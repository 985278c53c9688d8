/**
 * Stage secrets: secrets named <app>/<stage>/<name>, encrypted with the stage's key (looked up by alias; bootstrap
 * owns it), recovery windows, tags, deny-by-default resource policies whose readers follow the consumer table, the
 * sync tags Terraform leaves alone, and never a value.
 */
import { Testing } from "cdktf";
import { getStage, STAGE_NAMES } from "../../environments";
import { StageSecrets, type SecretEntry } from "../../constructs/secrets/stage-secrets";
import { synthStage } from "../support/synth";

const ROLE = (name: string) => `arn:aws:iam::000000000000:role/${name}`;
const ACCOUNT = { app: "acme", accountId: "000000000000", region: "eu-west-1" };

const ENTRIES: SecretEntry[] = [
  { name: "database-url", description: "db", consumers: ["fly"], rotationDays: 90 },
  { name: "error-tracking-dsn", description: "dsn", consumers: ["vercel", "fly"], rotationDays: 365 },
  { name: "ci-token", description: "token", consumers: ["github"], rotationDays: 90 },
  { name: "alert-webhook", description: "webhook URL", consumers: ["cloudflare"], rotationDays: 365 },
];

function synth(props: Partial<ConstructorParameters<typeof StageSecrets>[2]> = {}): any {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new StageSecrets(scope, "secrets", {
        ...ACCOUNT,
        stage: "production",
        secrets: ENTRIES,
        recoveryWindowInDays: 30,
        ...props,
      });
    }),
  );
}

const byName = (json: any, type: string) =>
  Object.fromEntries(
    Object.entries(json.resource[type] as Record<string, any>).map(([address, r]) => [
      address.replace(/^secrets_secret(-policy)?-/, "").replace(/_[0-9A-F]{8}$/, ""),
      r,
    ]),
  );

describe("StageSecrets", () => {
  const json = synth();
  const secrets = byName(json, "aws_secretsmanager_secret");

  test("one secret per catalogue entry, named <app>/<stage>/<name>, with the recovery window it is given", () => {
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
  });

  test("every secret is encrypted with the stage's key, found by its alias (the bootstrap stack owns the key)", () => {
    const [[address, key]] = Object.entries(json.data.aws_kms_key) as [[string, any]];
    expect(key.key_id).toBe("arn:aws:kms:eu-west-1:000000000000:alias/acme-production-secrets");
    for (const s of Object.values(secrets)) expect(s.kms_key_id).toBe(`\${data.aws_kms_key.${address}.arn}`);
    expect(json.resource.aws_kms_key).toBeUndefined();
  });

  test("secrets carry consumers and rotation-days tags", () => {
    expect(secrets["error-tracking-dsn"].tags).toEqual({ consumers: "fly vercel", "rotation-days": "365" });
  });

  test("each resource policy denies reads to all but the roles the consumer table names", () => {
    const readers = (name: string) =>
      JSON.parse(byName(json, "aws_secretsmanager_secret_policy")[name].policy).Statement[0].Condition.StringNotEquals[
        "aws:PrincipalArn"
      ];
    expect(readers("database-url")).toEqual([ROLE("acme-fly-production")]);
    expect(readers("error-tracking-dsn")).toEqual([
      ROLE("acme-deploy-production"),
      ROLE("acme-plan-production"),
      ROLE("acme-fly-production"),
    ]);
    expect(readers("ci-token")).toEqual([ROLE("acme-deploy-production")]);
    expect(readers("alert-webhook")).toEqual([ROLE("acme-deploy-production")]);
    for (const p of Object.values(byName(json, "aws_secretsmanager_secret_policy"))) {
      expect(p.block_public_policy).toBe(true);
      expect(JSON.parse(p.policy).Statement[0]).toMatchObject({
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
      });
    }
  });

  test("Terraform leaves alone exactly the tags the sync commands write, and only on secrets synced outside Terraform", () => {
    const ignored = ['tags["synced-github"]', 'tags["synced-cloudflare"]', 'tags["cloudflare-webhook-id"]'];
    expect(secrets["ci-token"].lifecycle).toEqual({ ignore_changes: ignored });
    expect(secrets["alert-webhook"].lifecycle).toEqual({ ignore_changes: ignored });
    expect(secrets["database-url"].lifecycle).toBeUndefined();
    expect(secrets["error-tracking-dsn"].lifecycle).toBeUndefined();
  });

  test("secret ARNs and the key ARN are outputs with fixed names", () => {
    expect(Object.keys(json.output.secret_arns.value).sort()).toEqual([
      "alert-webhook",
      "ci-token",
      "database-url",
      "error-tracking-dsn",
    ]);
    expect(json.output.secrets_key_arn.value).toMatch(/^\$\{data\.aws_kms_key\..+\.arn\}$/);
  });

  test.each([0, 6, 31])("throws for a recovery window of %d days", (days) => {
    expect(() => synth({ recoveryWindowInDays: days })).toThrow(
      new RegExp(`StageSecrets production: recoveryWindowInDays ${days} is outside 7-30`),
    );
  });
});

describe("stage stacks", () => {
  test.each([
    ["development", 7],
    ["staging", 7],
    ["production", 30],
  ] as const)("%s keeps deleted secrets %d days (its tier's window)", (stage, days) => {
    for (const s of Object.values<any>(synthStage(stage).resource.aws_secretsmanager_secret))
      expect(s.recovery_window_in_days).toBe(days);
  });

  test.each(STAGE_NAMES)("%s declares one secret per catalogue entry under its own prefix", (stage) => {
    const names = Object.values<any>(synthStage(stage).resource.aws_secretsmanager_secret)
      .map((s) => s.name)
      .sort();
    expect(names).toEqual(
      getStage(stage)
        .secrets.map((s) => `acme/${stage}/${s.name}`)
        .sort(),
    );
  });

  test.each(STAGE_NAMES)(
    "%s holds no value: no secret version resource or data source, no plaintext_value, no secret_string",
    (stage) => {
      const json = synthStage(stage);
      expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
      expect(json.data?.aws_secretsmanager_secret_version).toBeUndefined();
      expect(json.resource.github_actions_environment_secret).toBeUndefined();
      expect(JSON.stringify(json)).not.toMatch(/"(secret_string|secret_binary|plaintext_value|encrypted_value)"\s*:/);
    },
  );

  test("stateful secrets keep their Terraform addresses (renaming one would destroy it)", () => {
    expect(Object.keys(synthStage("staging").resource.aws_secretsmanager_secret).sort()).toEqual([
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

  test("a stage deployed before the keys moved to bootstrap forgets them (removed, destroy = false) instead of destroying them", () => {
    const removed = synthStage("staging").removed as Array<{ from: string; lifecycle: { destroy: boolean } }>;
    expect(removed).toEqual(
      expect.arrayContaining([
        { from: "aws_kms_key.secrets_key_F6F40C57", lifecycle: { destroy: false } },
        { from: "aws_kms_alias.secrets_key-alias_49461052", lifecycle: { destroy: false } },
        { from: "github_repository_environment.github-environment_E84CD99B", lifecycle: { destroy: false } },
        {
          from: "github_repository_environment_deployment_policy.github-environment_default-branch-only_6F422901",
          lifecycle: { destroy: false },
        },
        {
          from: "github_actions_environment_secret.github-environment_secret-error-tracking-auth-token_D781AB79",
          lifecycle: { destroy: false },
        },
      ]),
    );
  });
});
