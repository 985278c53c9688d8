/**
 * Vercel: the checked-in provider schema matches the provider's documentation, bindings are generated from it,
 * and each stage gets its project, domains and environment variables, with every secret valued from Secrets
 * Manager through an ephemeral read into a write-only attribute (never a literal, never in state).
 */
import { Testing, TerraformStack } from "cdktf";
import schema from "../../providers/vercel/schema.json";
import { getStage, parseStage, STAGES, type StageConfig } from "../../environments";
import { StageSecrets } from "../../constructs/secrets/stage-secrets";
import { VercelApp } from "../../constructs/vercel/vercel-app";
import { synthStage } from "../support/synth";
import { awsPart, validateConfig } from "../support/terraform-harness";

const vercel = (schema as any).provider_schemas["registry.terraform.io/vercel/vercel"];
const all = (json: any, type: string) => Object.values(json.resource?.[type] ?? {}) as any[];

/**
 * Attributes as the provider's documentation lists them (vercel/terraform-provider-vercel, tag v5.10.0):
 * docs/index.md, docs/resources/project.md, project_domain.md, project_environment_variable.md, firewall_config.md.
 */
const DOCUMENTED = {
  provider: { optional: ["api_token", "team"], sensitive: ["api_token"] },
  vercel_project: {
    required: ["name"],
    includes: ["framework", "root_directory", "build_command", "install_command", "node_version", "git_repository", "vercel_authentication", "trusted_ips", "password_protection", "team_id", "id"],
  },
  vercel_project_domain: { required: ["domain", "project_id"], optional: ["custom_environment_id", "git_branch", "redirect", "redirect_status_code", "team_id", "wait_for_ready"], computed: ["id", "misconfigured", "verification", "verified"] },
  vercel_project_environment_variable: {
    required: ["key", "project_id", "sensitive"],
    optional: ["comment", "custom_environment_ids", "git_branch", "target", "team_id", "value", "value_wo", "value_wo_version"],
    computed: ["id"],
    sensitive: ["value", "value_wo"],
    writeOnly: ["value_wo"],
  },
  vercel_firewall_config: { required: ["project_id"], optional: ["enabled", "team_id"], blocks: ["ip_rules", "managed_rulesets", "rules"] },
};

const names = (attrs: Record<string, any>, pick: (a: any) => boolean) => Object.entries(attrs).filter(([, a]) => pick(a)).map(([n]) => n).sort();

describe("provider schema (providers/vercel/schema.json)", () => {
  test("is in the format of `terraform providers schema -json` for vercel/vercel 5.10.0", () => {
    expect(schema.format_version).toBe("1.0");
    expect((schema as any).provider_versions).toEqual({ "registry.terraform.io/vercel/vercel": "5.10.0" });
    expect(Object.keys(vercel.resource_schemas).sort()).toEqual(["vercel_firewall_config", "vercel_project", "vercel_project_domain", "vercel_project_environment_variable"]);
  });

  test("the provider block matches the docs", () => {
    const attrs = vercel.provider.block.attributes;
    expect(Object.keys(attrs).sort()).toEqual(DOCUMENTED.provider.optional);
    expect(names(attrs, (a) => a.sensitive)).toEqual(DOCUMENTED.provider.sensitive);
  });

  test("vercel_project_environment_variable matches the docs, value_wo write-only and sensitive", () => {
    const attrs = vercel.resource_schemas.vercel_project_environment_variable.block.attributes;
    const doc = DOCUMENTED.vercel_project_environment_variable;
    expect(names(attrs, (a) => a.required)).toEqual(doc.required);
    expect(names(attrs, (a) => a.optional)).toEqual(doc.optional);
    expect(names(attrs, (a) => a.computed)).toEqual(doc.computed);
    expect(names(attrs, (a) => a.sensitive)).toEqual(doc.sensitive);
    expect(names(attrs, (a) => a.write_only)).toEqual(doc.writeOnly);
    expect(attrs.target.type).toEqual(["set", "string"]);
    expect(attrs.value_wo_version.type).toBe("number");
  });

  test("vercel_project_domain matches the docs", () => {
    const attrs = vercel.resource_schemas.vercel_project_domain.block.attributes;
    const doc = DOCUMENTED.vercel_project_domain;
    expect([names(attrs, (a) => a.required), names(attrs, (a) => a.optional), names(attrs, (a) => a.computed)]).toEqual([doc.required, doc.optional, doc.computed]);
    expect(attrs.verification.nested_type.nesting_mode).toBe("list");
  });

  test("vercel_project has the documented attributes; git_repository and vercel_authentication are nested attributes", () => {
    const block = vercel.resource_schemas.vercel_project.block;
    expect(names(block.attributes, (a) => a.required)).toEqual(DOCUMENTED.vercel_project.required);
    expect(Object.keys(block.attributes)).toEqual(expect.arrayContaining(DOCUMENTED.vercel_project.includes));
    expect(block.block_types).toEqual({});
    expect(block.attributes.git_repository.nested_type.nesting_mode).toBe("single");
    expect(Object.keys(block.attributes.git_repository.nested_type.attributes)).toEqual(expect.arrayContaining(["type", "repo", "production_branch"]));
  });

  test("vercel_firewall_config keeps rules as real blocks", () => {
    const block = vercel.resource_schemas.vercel_firewall_config.block;
    expect(Object.keys(block.block_types).sort()).toEqual(DOCUMENTED.vercel_firewall_config.blocks);
    expect(block.block_types.rules.block.block_types.rule.nesting_mode).toBe("list");
  });
});

describe("synthesized stages", () => {
  const prod = synthStage("production");

  test("required_providers pins vercel/vercel 5.10.0 and the provider reads its token from the environment", () => {
    expect(prod.terraform.required_providers.vercel).toEqual({ source: "registry.terraform.io/vercel/vercel", version: "5.10.0" });
    expect(prod.provider.vercel).toEqual([{ team: "team_000000000000000000000000" }]);
  });

  test("production project: framework, root directory, node version, git link with production branch, preview protection", () => {
    expect(all(prod, "vercel_project")).toEqual([expect.objectContaining({
      name: "acme-web", framework: "nextjs", root_directory: "apps/web", node_version: "22.x",
      git_repository: { type: "github", repo: "example-org/acme-platform", production_branch: "main" },
      vercel_authentication: { deployment_type: "standard_protection_new" },
    })]);
  });

  test("domains: production apex plus www redirecting to the apex with 308; staging and development their own", () => {
    expect(all(prod, "vercel_project_domain").map((d) => [d.domain, d.redirect, d.redirect_status_code])).toEqual([
      ["example.com", undefined, undefined], ["www.example.com", "example.com", 308],
    ]);
    expect(all(synthStage("staging"), "vercel_project_domain").map((d) => d.domain)).toEqual(["staging.example.com"]);
    expect(all(synthStage("development"), "vercel_project_domain").map((d) => d.domain)).toEqual(["dev.example.com"]);
  });

  test("every secret Vercel consumes is a sensitive, write-only variable per target, read from its own Secrets Manager secret", () => {
    const secretVars = all(prod, "vercel_project_environment_variable").filter((v) => v.sensitive);
    const consumed = getStage("production").secrets.filter((s) => s.consumers.includes("vercel"));
    expect(secretVars).toHaveLength(consumed.length);
    for (const v of secretVars) {
      expect(v.value).toBeUndefined();
      const ephemeralName = /^\$\{ephemeral\.aws_secretsmanager_secret_version\.([^.]+)\.secret_string\}$/.exec(v.value_wo)![1]!;
      const secretRef = prod.ephemeral.aws_secretsmanager_secret_version[ephemeralName].secret_id;
      const secretAddress = /^\$\{aws_secretsmanager_secret\.([^.]+)\.arn\}$/.exec(secretRef)![1]!;
      expect(prod.resource.aws_secretsmanager_secret[secretAddress].name).toBe(`acme/production/${v.comment.split("/").pop()}`);
      expect(v.value_wo_version).toMatch(/^\$\{parseint\(formatdate\("YYYYMMDDhhmmss", one\(\[for v in data\.aws_secretsmanager_secret_versions\..*AWSCURRENT/);
    }
    expect(secretVars.map((v) => `${v.key}:${v.target}`).sort()).toEqual(consumed.map((s) => `${s.name.toUpperCase().replace(/-/g, "_")}:production`).sort());
  });

  test("a preview build of a production-tier stage never receives a secret value; a staging preview gets staging's", () => {
    const targets = (json: any) => all(json, "vercel_project_environment_variable").filter((v) => v.sensitive).flatMap((v) => v.target);
    expect(new Set(targets(prod))).toEqual(new Set(["production"]));
    expect(new Set(targets(synthStage("staging")))).toEqual(new Set(["production", "preview"]));
  });

  test("throws when a production-tier stage asks for secrets on previews", () => {
    const cfg = structuredClone(STAGES.production) as any;
    cfg.vercel.previewsGetSecrets = true;
    expect(() => parseStage(cfg)).toThrow(/production\.vercel\.previewsGetSecrets: true would give every pushed branch's preview build this production stage's secret values/);
  });

  test("non-secret variables from config are plain values", () => {
    expect(all(prod, "vercel_project_environment_variable").filter((v) => !v.sensitive).map((v) => [v.key, v.value, v.target])).toEqual([
      ["NEXT_PUBLIC_API_URL", "https://api.example.com", ["production", "preview"]],
    ]);
  });

  test("the ephemeral/write-only wiring passes real terraform validate for its AWS half", async () => {
    const part = awsPart(prod);
    expect(Object.keys(part.ephemeral.aws_secretsmanager_secret_version).length).toBeGreaterThan(0);
    const result = await validateConfig(part);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  }, 120000);
});

describe("firewall", () => {
  test("production rate-limits the frontend's API routes per IP when configured; other stages have no rule", () => {
    expect(all(synthStage("production"), "vercel_firewall_config")).toEqual([expect.objectContaining({
      enabled: true,
      rules: { rule: [expect.objectContaining({
        name: "api-rate-limit",
        active: true,
        condition_group: [{ conditions: [{ type: "path", op: "pre", value: "/api/" }] }],
        action: { action: "rate_limit", rate_limit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" } },
      })] },
    })]);
    expect(all(synthStage("staging"), "vercel_firewall_config")).toEqual([]);
  });

  test("throws on a firewall rate limit of 0", () => {
    const cfg = structuredClone(STAGES.production) as any;
    cfg.vercel.apiRateLimit.requestsPerWindow = 0;
    expect(() => parseStage(cfg)).toThrow(/production\.vercel\.apiRateLimit\.requestsPerWindow: 0 must be greater than 0/);
  });
});

describe("a new stage before its secrets have values", () => {
  test("with wireSecretConsumers false, no consumer reads Secrets Manager (the first deploy only creates the secrets)", () => {
    const stage = { ...structuredClone(getStage("staging")), wireSecretConsumers: false } as StageConfig;
    const stack = new TerraformStack(Testing.app(), "staging");
    const secrets = new StageSecrets(stack, "secrets", { app: "acme", accountId: "000000000000", region: "eu-west-1", stage: "staging", secrets: stage.secrets, recoveryWindowInDays: 7 });
    const app = new VercelApp(stack, "vercel-app", { stage, secrets });
    const json = JSON.parse(Testing.synth(stack));
    expect(app.secretVariables).toEqual([]);
    expect(json.ephemeral).toBeUndefined();
    expect(json.data?.aws_secretsmanager_secret_versions).toBeUndefined();
    expect(Object.keys(json.resource.aws_secretsmanager_secret)).toHaveLength(stage.secrets.length);
  });
});

describe("invalid Vercel config", () => {
  test("throws on trusted IPs in production, which would lock users out", () => {
    const cfg = structuredClone(STAGES.production) as any;
    cfg.vercel.trustedIps = ["203.0.113.0/24"];
    expect(() => parseStage(cfg)).toThrow(/production\.vercel\.trustedIps: \["203\.0\.113\.0\/24"\] restricts a production stage/);
  });

  test("throws on a trusted IP that is not a CIDR", () => {
    const cfg = structuredClone(STAGES.staging) as any;
    cfg.vercel.trustedIps = ["office"];
    expect(() => parseStage(cfg)).toThrow(/staging\.vercel\.trustedIps\.0: "office" is not an IPv4 CIDR/);
  });
});
