/**
 * Vercel: each stage gets its project, domains and environment variables, with every secret valued from Secrets
 * Manager through an ephemeral read into a write-only attribute (never a literal, never in state). The provider
 * schema the bindings come from is checked in tests/providers/vercel-schema.test.ts.
 */
import { Testing, TerraformStack } from "cdktf";
import { getStage, parseStage, STAGES } from "../../environments";
import { VercelApp } from "../../constructs/vercel/vercel-app";
import { stageStack, synthStage } from "../support/synth";
import { awsPart, validateConfig } from "../support/terraform-harness";

const all = (json: any, type: string) => Object.values<any>(json.resource?.[type] ?? {});

describe("synthesized stages", () => {
  const prod = synthStage("production");

  test("required_providers pins vercel/vercel 5.10.0 and the provider reads its token from the environment", () => {
    expect(prod.terraform.required_providers.vercel).toEqual({
      source: "registry.terraform.io/vercel/vercel",
      version: "5.10.0",
    });
    expect(prod.provider.vercel).toEqual([{ team: "team_000000000000000000000000" }]);
  });

  test("production project: framework, root directory, node version, git link with production branch, preview protection", () => {
    expect(all(prod, "vercel_project")).toEqual([
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

  test("domains: production apex plus www redirecting to the apex with 308; staging and development their own", () => {
    expect(all(prod, "vercel_project_domain").map((d) => [d.domain, d.redirect_status_code])).toEqual([
      ["example.com", undefined],
      ["www.example.com", 308],
    ]);
    expect(all(synthStage("staging"), "vercel_project_domain").map((d) => d.domain)).toEqual(["staging.example.com"]);
    expect(all(synthStage("development"), "vercel_project_domain").map((d) => d.domain)).toEqual(["dev.example.com"]);
  });

  test("www redirects through a reference to the apex domain resource, so Terraform creates the apex first", () => {
    const domains = Object.entries<any>(prod.resource.vercel_project_domain);
    const [apexAddress] = domains.find(([, d]) => d.domain === "example.com")!;
    const [, www] = domains.find(([, d]) => d.domain === "www.example.com")!;
    expect(www.redirect).toBe(`\${vercel_project_domain.${apexAddress}.domain}`);
    expect(domains.filter(([, d]) => d.redirect !== undefined)).toHaveLength(1);
  });

  test("www references the apex resource even when listed before it, and domain addresses keep their construct ids", () => {
    const stack = new TerraformStack(Testing.app(), "production");
    const app = new VercelApp(stack, "vercel-app", {
      teamId: "team_x",
      projectName: "web",
      framework: "nextjs",
      nodeVersion: "22.x",
      repository: "o/r",
      productionBranch: "main",
      domains: ["www.example.com", "example.com"],
      apexDomain: "example.com",
      envSource: "test",
    });
    expect(app.domains.map((d) => d.node.id)).toEqual(["domain-www.example.com", "domain-example.com"]);
    const json = JSON.parse(Testing.synth(stack));
    const apexAddress = Object.keys(json.resource.vercel_project_domain).find(
      (k) => json.resource.vercel_project_domain[k].domain === "example.com",
    );
    const www = Object.values<any>(json.resource.vercel_project_domain).find((d) => d.domain === "www.example.com");
    expect(www.redirect).toBe(`\${vercel_project_domain.${apexAddress}.domain}`);
  });

  test("every secret Vercel consumes is a sensitive, write-only variable per target, read from its own Secrets Manager secret", () => {
    const secretVars = all(prod, "vercel_project_environment_variable").filter((v) => v.sensitive);
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
  });

  test("a preview build of a production-tier stage never receives a secret value; a staging preview gets staging's", () => {
    const targets = (json: any) =>
      all(json, "vercel_project_environment_variable")
        .filter((v) => v.sensitive)
        .flatMap((v) => v.target);
    expect(new Set(targets(prod))).toEqual(new Set(["production"]));
    expect(new Set(targets(synthStage("staging")))).toEqual(new Set(["production", "preview"]));
  });

  test("throws when a production-tier stage asks for secrets on previews", () => {
    const cfg = structuredClone(STAGES.production) as any;
    cfg.vercel.previewsGetSecrets = true;
    expect(() => parseStage(cfg)).toThrow(
      /production\.vercel\.previewsGetSecrets: true would give every pushed branch's preview build this production stage's secret values/,
    );
  });

  test("non-secret variables from config are plain values", () => {
    expect(
      all(prod, "vercel_project_environment_variable")
        .filter((v) => !v.sensitive)
        .map((v) => [v.key, v.value, v.target]),
    ).toEqual([["NEXT_PUBLIC_API_URL", "https://api.example.com", ["production", "preview"]]]);
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
    expect(all(synthStage("production"), "vercel_firewall_config")).toEqual([
      expect.objectContaining({
        enabled: true,
        rules: {
          rule: [
            expect.objectContaining({
              name: "api-rate-limit",
              active: true,
              condition_group: [{ conditions: [{ type: "path", op: "pre", value: "/api/" }] }],
              action: {
                action: "rate_limit",
                rate_limit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" },
              },
            }),
          ],
        },
      }),
    ]);
    expect(all(synthStage("staging"), "vercel_firewall_config")).toEqual([]);
  });

  test("throws on a firewall rate limit of 0", () => {
    const cfg = structuredClone(STAGES.production) as any;
    cfg.vercel.apiRateLimit.requestsPerWindow = 0;
    expect(() => parseStage(cfg)).toThrow(
      /production\.vercel\.apiRateLimit\.requestsPerWindow: 0 must be greater than 0/,
    );
  });
});

describe("a new stage before its secrets have values", () => {
  test("with wireSecretConsumers false, no consumer reads Secrets Manager (the first deploy only creates the secrets)", () => {
    const stack = stageStack("staging", { wireSecretConsumers: false });
    const stage = stack.stage;
    const json = JSON.parse(Testing.synth(stack));
    expect(stack.vercel.secretVariables).toEqual([]);
    expect(json.ephemeral).toBeUndefined();
    expect(json.data?.aws_secretsmanager_secret_versions).toBeUndefined();
    expect(Object.keys(json.resource.aws_secretsmanager_secret)).toHaveLength(stage.secrets.length);
  });
});

describe("invalid Vercel config", () => {
  test("throws on trusted IPs in production, which would lock users out", () => {
    const cfg = structuredClone(STAGES.production) as any;
    cfg.vercel.trustedIps = ["203.0.113.0/24"];
    expect(() => parseStage(cfg)).toThrow(
      /production\.vercel\.trustedIps: \["203\.0\.113\.0\/24"\] restricts a production stage/,
    );
  });

  test("throws on a trusted IP that is not a CIDR", () => {
    const cfg = structuredClone(STAGES.staging) as any;
    cfg.vercel.trustedIps = ["office"];
    expect(() => parseStage(cfg)).toThrow(
      /staging\.vercel\.trustedIps\.0: "office" is not a CIDR; write a network like 203\.0\.113\.0\/24/,
    );
  });
});
