/**
 * EnvironmentStack specifies how one stage's config becomes its stack: which construct each part of the config
 * reaches and with what (hostnames, names, tier decisions), and what crosses constructs inside the stack (the
 * zone owner's edge for every stage on the zone, secrets wired to their Vercel and health-check consumers, the www
 * redirect to the apex, the Vercel project id in the GitHub variables, the files synthesis writes, stateful
 * addresses that must never change). What each construct does with its props is specified in tests/constructs/.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parse } from "smol-toml";
import { getStage, STAGE_NAMES } from "../../environments";
import { findCredentials } from "../../environments/credential-detector";
import { ZONE_SETTINGS } from "../../constructs/cloudflare/zone-settings";
import { stageStack, synthStage } from "../support/synth";
import { resourcesOf, ZONE_ID } from "../support/construct-scope";
import { awsPart, type TerraformJson } from "../support/terraform-harness";

const STAGES_JSON: Readonly<Record<string, TerraformJson>> = Object.fromEntries(
  STAGE_NAMES.map((name) => [name, synthStage(name)]),
);
const prod = STAGES_JSON.production;
const all = (stage: string, type: string) => resourcesOf(STAGES_JSON[stage], type);

describe("Cloudflare DNS per stage", () => {
  test("production's apex and www point at Vercel and its API hostname at its Fly app, proxied", () => {
    const records = all("production", "cloudflare_dns_record")
      .filter((r) => r.type !== "CAA")
      .map((r) => [r.name, r.type, r.content, r.proxied, r.ttl]);
    expect(records.sort()).toEqual([
      ["api.example.com", "CNAME", "acme-api.fly.dev", true, 1],
      ["example.com", "A", "76.76.21.21", true, 1],
      ["www.example.com", "CNAME", "cname.vercel-dns.com", true, 1],
    ]);
  });

  test("staging and development get records for their own hostnames only", () => {
    const names = (stage: string) =>
      all(stage, "cloudflare_dns_record")
        .map((r) => [r.name, r.content])
        .sort();
    expect(names("staging")).toEqual([
      ["api.staging.example.com", "acme-api-staging.fly.dev"],
      ["staging.example.com", "cname.vercel-dns.com"],
    ]);
    expect(names("development")).toEqual([
      ["api.dev.example.com", "acme-api-dev.fly.dev"],
      ["dev.example.com", "cname.vercel-dns.com"],
    ]);
  });

  test("every record's comment names the stage's construct that owns it (production/dns or production/zone-edge)", () => {
    for (const r of all("production", "cloudflare_dns_record"))
      expect(r.comment).toMatch(/managed by platform-infra \(production\/(dns|zone-edge)\)/);
    expect(all("staging", "cloudflare_dns_record")[0].comment).toMatch(/ of acme staging; .*\(staging\/dns\)$/);
  });
});

describe("the zone-wide edge", () => {
  const phases = (stage: string) => all(stage, "cloudflare_ruleset").map((r) => r.phase);
  const rulesOf = (phase: string): any[] =>
    all("production", "cloudflare_ruleset").find((r) => r.phase === phase).rules;

  test("the zone owner (production) declares the zone settings, the CAA records and one ruleset per phase", () => {
    expect(all("production", "cloudflare_zone_setting").map((s) => [s.setting_id, s.zone_id])).toEqual(
      ZONE_SETTINGS.map(([id]) => [id, ZONE_ID]).sort(),
    );
    expect(
      all("production", "cloudflare_dns_record")
        .filter((r) => r.type === "CAA")
        .map((r) => [r.name, r.data.value]),
    ).toEqual([
      ["example.com", "letsencrypt.org"],
      ["example.com", "pki.goog"],
      ["example.com", "ssl.com"],
    ]);
    expect(phases("production").sort()).toEqual([
      "http_ratelimit",
      "http_request_cache_settings",
      "http_request_firewall_custom",
      "http_response_headers_transform",
    ]);
  });

  test("its rules cover every stage on the zone, and static assets live as long as the platform says", () => {
    expect(rulesOf("http_response_headers_transform").map((r) => r.ref)).toEqual(
      STAGE_NAMES.map((s) => `security_headers_${s}`),
    );
    expect(rulesOf("http_ratelimit").map((r) => r.ref)).toEqual([
      "api_rate_limit_development",
      "api_rate_limit_staging_production",
    ]);
    expect(rulesOf("http_request_cache_settings")[1].expression).toBe(
      '((http.host in {"api.dev.example.com" "api.staging.example.com" "api.example.com"}) or starts_with(http.request.uri.path, "/api/"))',
    );
    expect(rulesOf("http_request_cache_settings")[0].action_parameters.edge_ttl).toEqual({
      mode: "override_origin",
      default: 31536000,
    });
  });

  test("staging and development declare nothing zone-wide", () => {
    for (const stage of ["staging", "development"]) {
      expect(STAGES_JSON[stage].resource.cloudflare_zone_setting).toBeUndefined();
      expect(STAGES_JSON[stage].resource.cloudflare_ruleset).toBeUndefined();
      expect(all(stage, "cloudflare_dns_record").filter((r) => r.type === "CAA")).toEqual([]);
    }
  });
});

describe("the API health check", () => {
  test("staging and production get one (their tier asks for it), development none", () => {
    expect(all("production", "cloudflare_healthcheck")).toHaveLength(1);
    expect(all("staging", "cloudflare_healthcheck")).toHaveLength(1);
    expect(all("development", "cloudflare_healthcheck")).toHaveLength(0);
  });

  test("production's checks GET /health on its API hostname and alerts its configured address", () => {
    expect(all("production", "cloudflare_healthcheck")[0]).toMatchObject({
      name: "acme-production-api",
      address: "api.example.com",
      type: "HTTPS",
      http_config: { method: "GET", path: "/health", expected_codes: ["200"], port: 443 },
    });
    const policy = all("production", "cloudflare_notification_policy")[0];
    expect(policy.alert_type).toBe("health_check_status_notification");
    expect(policy.filters.health_check_id).toEqual([expect.stringMatching(/^\$\{cloudflare_healthcheck\..*\.id\}$/)]);
    expect(policy.mechanisms.email).toEqual([{ id: "oncall@example.com" }]);
  });

  test("its webhook is the incident-webhook-url secret of the same stack, by the id the sync recorded, never its URL", () => {
    const policy = all("production", "cloudflare_notification_policy")[0];
    const [[address, metadata]] = Object.entries(prod.data.aws_secretsmanager_secret) as [[string, any]];
    expect(policy.mechanisms.webhooks).toEqual([
      { id: `\${data.aws_secretsmanager_secret.${address}.tags["cloudflare-webhook-id"]}` },
    ]);
    expect(metadata.arn).toMatch(
      /^\$\{aws_secretsmanager_secret\.secrets_secret-incident-webhook-url_[0-9A-F]{8}\.arn\}$/,
    );
    expect(metadata.lifecycle.postcondition[0].error_message).toMatch(/run `infra secrets sync-cloudflare <stage>`/);
    expect(prod.resource.cloudflare_notification_policy_webhooks).toBeUndefined();
    expect(JSON.stringify(prod)).not.toContain("hooks.example.com");
  });

  test("before the consumers are wired (a new stage) it alerts email only", () => {
    const policy = resourcesOf(
      synthStage("production", { wireSecretConsumers: false }),
      "cloudflare_notification_policy",
    )[0];
    expect(policy.mechanisms).toEqual({ email: [{ id: "oncall@example.com" }], webhooks: [] });
  });
});

describe("the Vercel project", () => {
  test("required_providers pins vercel/vercel 5.10.0 and the provider reads its token from the environment", () => {
    expect(prod.terraform.required_providers.vercel).toEqual({
      source: "registry.terraform.io/vercel/vercel",
      version: "5.10.0",
    });
    expect(prod.provider.vercel).toEqual([{ team: "team_000000000000000000000000" }]);
  });

  test("production's project: framework, root directory, node version, git link with production branch, preview protection", () => {
    expect(all("production", "vercel_project")).toEqual([
      expect.objectContaining({
        name: "acme-web",
        framework: "nextjs",
        root_directory: "apps/web",
        node_version: "22.x",
        git_repository: { type: "github", repo: "example-org/acme-platform", production_branch: "main" },
        vercel_authentication: { deployment_type: "standard_protection_new" },
      }),
    ]);
  });

  test("domains: production's apex plus www redirecting to the apex with 308; staging and development their own", () => {
    expect(all("production", "vercel_project_domain").map((d) => [d.domain, d.redirect_status_code])).toEqual([
      ["example.com", undefined],
      ["www.example.com", 308],
    ]);
    expect(all("staging", "vercel_project_domain").map((d) => d.domain)).toEqual(["staging.example.com"]);
    expect(all("development", "vercel_project_domain").map((d) => d.domain)).toEqual(["dev.example.com"]);
  });

  test("production's www redirects through a reference to its apex domain resource, the one redirect of the stage", () => {
    const domains = Object.entries<any>(prod.resource.vercel_project_domain);
    const [apexAddress] = domains.find(([, d]) => d.domain === "example.com")!;
    const [, www] = domains.find(([, d]) => d.domain === "www.example.com")!;
    expect(www.redirect).toBe(`\${vercel_project_domain.${apexAddress}.domain}`);
    expect(domains.filter(([, d]) => d.redirect !== undefined)).toHaveLength(1);
  });

  test("every secret Vercel consumes is a sensitive, write-only variable per target, read from its own Secrets Manager secret of the stack", () => {
    const secretVars = all("production", "vercel_project_environment_variable").filter((v) => v.sensitive);
    const consumed = getStage("production").secrets.filter((s) => s.consumers.includes("vercel"));
    expect(secretVars).toHaveLength(consumed.length);
    for (const v of secretVars) {
      expect(v.value).toBeUndefined();
      const ephemeralName = /^\$\{ephemeral\.aws_secretsmanager_secret_version\.([^.]+)\.secret_string\}$/.exec(
        v.value_wo,
      )![1];
      const secretRef = prod.ephemeral.aws_secretsmanager_secret_version[ephemeralName].secret_id;
      const secretAddress = /^\$\{aws_secretsmanager_secret\.([^.]+)\.arn\}$/.exec(secretRef)![1];
      expect(prod.resource.aws_secretsmanager_secret[secretAddress].name).toBe(
        `acme/production/${v.comment.split("/").pop()}`,
      );
      expect(v.value_wo_version).toMatch(
        /^\$\{parseint\(formatdate\("YYYYMMDDhhmmss", one\(\[for v in data\.aws_secretsmanager_secret_versions\..*AWSCURRENT/,
      );
    }
    expect(secretVars.map((v) => `${v.key}:${v.target}`).sort()).toEqual(
      consumed.map((s) => `${s.name.toUpperCase().replace(/-/g, "_")}:production`).sort(),
    );
    // The ephemeral reads are in the AWS half that aws-validate.test.ts hands to real `terraform validate`.
    expect(Object.keys(awsPart(prod).ephemeral.aws_secretsmanager_secret_version)).toHaveLength(consumed.length);
  });

  test("a preview build of a production-tier stage never receives a secret value; a staging preview gets staging's", () => {
    const targets = (stage: string) =>
      all(stage, "vercel_project_environment_variable")
        .filter((v) => v.sensitive)
        .flatMap((v) => v.target);
    expect(new Set(targets("production"))).toEqual(new Set(["production"]));
    expect(new Set(targets("staging"))).toEqual(new Set(["production", "preview"]));
  });

  test("non-secret variables from config are plain values", () => {
    expect(
      all("production", "vercel_project_environment_variable")
        .filter((v) => !v.sensitive)
        .map((v) => [v.key, v.value, v.target]),
    ).toEqual([["NEXT_PUBLIC_API_URL", "https://api.example.com", ["production", "preview"]]]);
  });

  test("production rate-limits the frontend's API routes per IP as configured; other stages have no rule", () => {
    // The rule's shape is VercelApp's (tests/constructs/vercel); here, that production's limit reaches it.
    const firewalls = all("production", "vercel_firewall_config");
    expect(firewalls.map((f) => [f.enabled, f.rules.rule.map((r: any) => [r.name, r.active, r.action])])).toEqual([
      [
        true,
        [
          [
            "api-rate-limit",
            true,
            {
              action: "rate_limit",
              rate_limit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" },
            },
          ],
        ],
      ],
    ]);
    expect(all("staging", "vercel_firewall_config")).toEqual([]);
  });

  test("with wireSecretConsumers false (a new stage), no consumer reads Secrets Manager; the first deploy only creates the secrets", () => {
    const stack = stageStack("staging", { wireSecretConsumers: false });
    const json = JSON.parse(Testing.synth(stack));
    expect(stack.vercel.secretVariables).toEqual([]);
    expect(json.ephemeral).toBeUndefined();
    expect(json.data?.aws_secretsmanager_secret_versions).toBeUndefined();
    expect(Object.keys(json.resource.aws_secretsmanager_secret)).toHaveLength(stack.stage.secrets.length);
  });
});

describe("the GitHub deployment environment's variables", () => {
  test.each(STAGE_NAMES)(
    "%s: its deploy role ARN, region, stage, Vercel team and project, Fly app; the environment itself is bootstrap's",
    (stage) => {
      const vars = Object.fromEntries(
        all(stage, "github_actions_environment_variable").map((v) => [v.variable_name, v.value]),
      );
      expect(vars).toEqual({
        AWS_ROLE_ARN: `arn:aws:iam::000000000000:role/acme-deploy-${stage}`,
        AWS_REGION: "eu-west-1",
        STAGE: stage,
        VERCEL_ORG_ID: "team_000000000000000000000000",
        VERCEL_PROJECT_ID: expect.stringMatching(/^\$\{vercel_project\..*\.id\}$/),
        FLY_APP: getStage(stage).fly.app,
      });
      for (const v of all(stage, "github_actions_environment_variable")) expect(v.environment).toBe(stage);
      expect(STAGES_JSON[stage].resource.github_repository_environment).toBeUndefined();
    },
  );

  test.each(STAGE_NAMES)(
    "%s: no GitHub secret is managed by Terraform (infra secrets sync-github delivers them)",
    (stage) => {
      expect(all(stage, "github_actions_environment_secret")).toEqual([]);
    },
  );
});

describe("the stage's secrets", () => {
  test.each([
    ["development", 7],
    ["staging", 7],
    ["production", 30],
  ] as const)("%s keeps deleted secrets %d days (its tier's window)", (stage, days) => {
    for (const s of all(stage, "aws_secretsmanager_secret")) expect(s.recovery_window_in_days).toBe(days);
  });

  test.each(STAGE_NAMES)("%s declares one secret per catalogue entry under its own prefix", (stage) => {
    expect(
      all(stage, "aws_secretsmanager_secret")
        .map((s) => s.name)
        .sort(),
    ).toEqual(
      getStage(stage)
        .secrets.map((s) => `acme/${stage}/${s.name}`)
        .sort(),
    );
  });

  test.each(STAGE_NAMES)(
    "%s holds no value: no secret version resource or data source, no plaintext_value, no secret_string",
    (stage) => {
      const json = STAGES_JSON[stage];
      expect(json.resource.aws_secretsmanager_secret_version).toBeUndefined();
      expect(json.data?.aws_secretsmanager_secret_version).toBeUndefined();
      expect(json.resource.github_actions_environment_secret).toBeUndefined();
      expect(JSON.stringify(json)).not.toMatch(/"(secret_string|secret_binary|plaintext_value|encrypted_value)"\s*:/);
    },
  );

  test("stateful secrets keep their Terraform addresses (renaming one would destroy it)", () => {
    expect(Object.keys(STAGES_JSON.staging.resource.aws_secretsmanager_secret).sort()).toEqual([
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
    expect(STAGES_JSON.staging.removed).toEqual(
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

describe("synthesis writes fly.toml and fly-scale.json beside each stage's cdk.tf.json", () => {
  test.each(STAGE_NAMES)("%s", (stage) => {
    const outdir = Testing.fullSynth(stageStack(stage));
    try {
      const dir = join(outdir, "stacks", stage);
      expect(existsSync(join(dir, "cdk.tf.json"))).toBe(true);
      const flyToml = readFileSync(join(dir, "fly.toml"), "utf8");
      expect(parse(flyToml)).toMatchObject({ app: getStage(stage).fly.app });
      const scale = JSON.parse(readFileSync(join(dir, "fly-scale.json"), "utf8"));
      expect(scale.totalMachines).toBeGreaterThan(0);
      expect(findCredentials(parse(flyToml))).toEqual([]);
      expect(findCredentials(scale)).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
