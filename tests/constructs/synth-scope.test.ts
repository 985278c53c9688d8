/**
 * Constructs synthesized alone (`Testing.synthScope`), from their own flat props, checked with the cdktf matchers:
 * each construct stands without a stage config or a whole stack, and its props mean what their docs say.
 */
import { Testing } from "cdktf";

describe("VercelApp alone", () => {
  const { VercelApp } =
    require("../../constructs/vercel/vercel-app") as typeof import("../../constructs/vercel/vercel-app");
  const out = () =>
    JSON.parse(
      Testing.synthScope((scope) => {
        new VercelApp(scope, "web", {
          teamId: "team_000000000000000000000000",
          projectName: "acme-web",
          framework: "nextjs",
          nodeVersion: "22.x",
          repository: "example-org/acme-platform",
          productionBranch: "main",
          domains: ["example.com", "www.example.com"],
          apexDomain: "example.com",
          envSource: "a test",
        });
      }),
    ) as { resource: Record<string, Record<string, Record<string, any>>> };

  test("www redirects (308) through a reference to the apex resource, so the apex is created first", () => {
    const domains = out().resource.vercel_project_domain;
    const [apexId] = Object.entries(domains).find(([, d]) => d.domain === "example.com")!;
    const www = Object.values(domains).find((d) => d.domain === "www.example.com")!;
    expect(www.redirect).toBe(`\${vercel_project_domain.${apexId}.domain}`);
    expect(www.redirect_status_code).toBe(308);
  });

  test("previews are protected by default; no firewall rule and no secret variable unless asked", () => {
    const json = out();
    expect(Object.values(json.resource.vercel_project)[0].vercel_authentication).toEqual({
      deployment_type: "standard_protection_new",
    });
    expect(json.resource.vercel_firewall_config).toBeUndefined();
    expect(json.resource.vercel_project_environment_variable).toBeUndefined();
  });
});

describe("StageSecrets alone", () => {
  const { StageSecrets } =
    require("../../constructs/secrets/stage-secrets") as typeof import("../../constructs/secrets/stage-secrets");
  const account = { app: "acme", accountId: "000000000000", region: "eu-west-1" };
  const secrets = [
    { name: "database-url", description: "the primary database", consumers: ["fly" as const], rotationDays: 90 },
  ];

  test("one secret per entry at <app>/<stage>/<name>, on the stage's key found by alias, with the recovery window", () => {
    const json = JSON.parse(
      Testing.synthScope(
        (scope) =>
          void new StageSecrets(scope, "secrets", { ...account, stage: "staging", secrets, recoveryWindowInDays: 14 }),
      ),
    ) as {
      resource: Record<string, Record<string, Record<string, any>>>;
      data: Record<string, Record<string, Record<string, any>>>;
    };
    const secret = Object.values(json.resource.aws_secretsmanager_secret)[0];
    expect([secret.name, secret.recovery_window_in_days]).toEqual(["acme/staging/database-url", 14]);
    expect(Object.values(json.data.aws_kms_key)[0].key_id).toBe(
      "arn:aws:kms:eu-west-1:000000000000:alias/acme-staging-secrets",
    );
    expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
  });

  test("throws on a recovery window outside 7-30 days", () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          void new StageSecrets(scope, "secrets", { ...account, stage: "staging", secrets, recoveryWindowInDays: 3 }),
      ),
    ).toThrow(/recoveryWindowInDays 3 is outside 7-30/);
  });
});

describe("StateBucket alone", () => {
  const { StateBucket } =
    require("../../constructs/state/state-bucket") as typeof import("../../constructs/state/state-bucket");

  test("versioned, KMS-encrypted by default, public access blocked, and never destroyed", () => {
    const json = JSON.parse(
      Testing.synthScope(
        (scope) =>
          void new StateBucket(scope, "state", {
            app: "acme",
            accountId: "000000000000",
            region: "eu-west-1",
            stages: ["staging", "production"],
          }),
      ),
    ) as { resource: Record<string, Record<string, Record<string, any>>> };
    const bucket = Object.values(json.resource.aws_s3_bucket)[0];
    expect([bucket.bucket, bucket.lifecycle.prevent_destroy]).toEqual(["acme-tfstate-000000000000", true]);
    const block = Object.values(json.resource.aws_s3_bucket_public_access_block)[0];
    expect([
      block.block_public_acls,
      block.block_public_policy,
      block.ignore_public_acls,
      block.restrict_public_buckets,
    ]).toEqual([true, true, true, true]);
    expect(Object.values(json.resource.aws_s3_bucket_versioning)[0].versioning_configuration.status).toBe("Enabled");
  });
});

describe("SecretValue alone", () => {
  const { SecretValue } =
    require("../../constructs/secrets/secret-value") as typeof import("../../constructs/secrets/secret-value");

  test("reads the value ephemerally (never into state) and versions it by AWSCURRENT's creation time", () => {
    let value = "";
    let version = "";
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const v = new SecretValue(scope, "value", {
          secretArn: "arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/staging/x",
        });
        [value, version] = [v.value, v.version];
      }),
    ) as {
      ephemeral?: Record<string, Record<string, Record<string, unknown>>>;
      data?: Record<string, unknown>;
      resource?: Record<string, unknown>;
    };
    expect(Object.keys(json.ephemeral?.aws_secretsmanager_secret_version ?? {})).toHaveLength(1);
    expect(json.data).toHaveProperty("aws_secretsmanager_secret_versions");
    expect(json.resource?.aws_secretsmanager_secret_version).toBeUndefined();
    expect(value).toMatch(/ephemeral\.aws_secretsmanager_secret_version\..*\.secret_string/);
    expect(version).toMatch(/AWSCURRENT/);
  });
});
