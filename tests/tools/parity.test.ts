/**
 * `infra parity`: the example stages differ only on purpose or by their own names; an undeclared difference is
 * listed first; named lists compare item by item; resources only one stack declares are listed, with hostnames in
 * construct ids compared as the stage's own names; the CLI's output and errors.
 */
import { getStage, type StageConfig } from "../../environments";
import { runParity } from "../../tools/parity/parity-command";
import { parityReport, renderParityMarkdown, type StackResource } from "../../tools/parity/parity-report";
import { runInfra } from "../support/run-infra";

type Mutable = Record<string, any>;
const stage = (name: string, change: (cfg: Mutable) => void = () => undefined): StageConfig => {
  const cfg = structuredClone(getStage(name)) as Mutable;
  change(cfg);
  return cfg as StageConfig;
};
const NO_RESOURCES = { a: [] as StackResource[], b: [] as StackResource[] };

describe("the example stages", () => {
  const report = runParity("staging", "production");
  const byPath = (path: string) => report.differences.find((d) => d.path === path);

  test("staging and production have no undeclared difference", () => {
    expect(report.differences.filter((d) => d.kind === "undeclared")).toEqual([]);
  });

  test("differences that follow from the tiers are intended, with the tiers as the reason", () => {
    const reason = ["follows from the tiers (staging: staging, production: production)"];
    expect(byPath("tier")).toEqual({ path: "tier", a: "staging", b: "production", kind: "intended", reasons: reason });
    expect(byPath("github.pullRequestPlans")).toEqual({
      path: "github.pullRequestPlans",
      a: "open",
      b: "approval",
      kind: "intended",
      reasons: reason,
    });
    expect(byPath("vercel.previewsGetSecrets")).toMatchObject({ kind: "intended", reasons: reason });
  });

  test("intended differences carry the declaring stage's reason", () => {
    expect(byPath("fly.vm.cpus")).toEqual({
      path: "fly.vm.cpus",
      a: 1,
      b: 4,
      kind: "intended",
      reasons: ["production: machines sized for production traffic"],
    });
    expect(byPath("fly.vm.memoryMb")?.reasons).toEqual([
      "staging: 512 MB runs production's workload at a smaller size",
      "production: machines sized for production traffic",
    ]);
    expect(byPath("vercel.apiRateLimit.requestsPerWindow")).toMatchObject({ b: 100, kind: "intended" });
    expect(byPath("vercel.apiRateLimit.requestsPerWindow")).not.toHaveProperty("a");
  });

  test("a stage's own names and hosts are per-stage, including values that only embed them", () => {
    const perStage = report.differences.filter((d) => d.kind === "per-stage").map((d) => d.path);
    expect(perStage).toEqual([
      "cloudflare.apiHostname",
      "cloudflare.ownsZone",
      "fly.app",
      "name",
      "order",
      "vercel.domains",
      "vercel.env.NEXT_PUBLIC_API_URL",
      "vercel.projectName",
    ]);
  });

  test("resources only one stack declares, comparing hostnames in construct ids as the stage's own names", () => {
    // Staging's previews get staging's secrets; a production-tier stage's previews get none.
    expect(report.resourcesOnlyIn.staging.map((r) => r.path)).toEqual([
      "vercel-app/secret-error-tracking-dsn-preview",
      "vercel-app/secret-photo-service-api-key-preview",
      "vercel-app/secret-webhook-signing-secret-preview",
    ]);
    const production = report.resourcesOnlyIn.production.map((r) => r.path);
    expect(production).toEqual(
      expect.arrayContaining([
        "vercel-app/firewall",
        "dns/frontend-www.example.com",
        "vercel-app/domain-www.example.com",
        "zone-edge/waf-custom",
        "secrets/secret-incident-webhook-url",
      ]),
    );
    expect(production).not.toContain("dns/frontend-example.com"); // staging's dns/frontend-staging.example.com
  });

  test("declarations these two stages do not differ under are listed, not counted", () => {
    const dev = runParity("development", "staging");
    expect(dev.declaredButEqual).toEqual([]);
    const withStale = parityReport(
      stage("staging", (c) => (c.differsOnPurpose["fly.primaryRegion"] = "staging once ran in another region")),
      stage("production"),
      NO_RESOURCES,
    );
    expect(withStale.declaredButEqual).toEqual(["staging: fly.primaryRegion"]);
  });
});

describe("undeclared differences", () => {
  const report = parityReport(
    stage("staging"),
    stage("production", (c) => {
      c.vercel.nodeVersion = "20.x";
      c.secrets.find((s: Mutable) => s.name === "database-url").rotationDays = 30;
      c.secrets.push({
        name: "stripe-key",
        description: "Stripe API key for payments",
        consumers: ["fly"],
        rotationDays: 90,
      });
    }),
    NO_RESOURCES,
  );

  test("come first, each leaf by its path; named lists compare item by item", () => {
    expect(report.differences.filter((d) => d.kind === "undeclared")).toEqual([
      { path: "secrets.database-url.rotationDays", a: 90, b: 30, kind: "undeclared" },
      { path: "secrets.stripe-key.consumers", b: ["fly"], kind: "undeclared" },
      { path: "secrets.stripe-key.description", b: "Stripe API key for payments", kind: "undeclared" },
      { path: "secrets.stripe-key.name", b: "stripe-key", kind: "undeclared" },
      { path: "secrets.stripe-key.rotationDays", b: 90, kind: "undeclared" },
      { path: "vercel.nodeVersion", a: "22.x", b: "20.x", kind: "undeclared" },
    ]);
    expect(report.differences[0].kind).toBe("undeclared");
  });

  test("the markdown opens with the counts and the undeclared table", () => {
    const markdown = renderParityMarkdown(report);
    expect(markdown).toMatch(
      /^## Parity: staging and production\n\n6 undeclared, 24 intended and 8 per-stage differences; 0 resources only in staging, 0 only in production\.\n\n### Undeclared differences\n\n\| path \| staging \| production \|/,
    );
    expect(markdown).toContain('| `vercel.nodeVersion` | `"22.x"` | `"20.x"` |');
    expect(markdown).toContain('| `secrets.stripe-key.name` | — | `"stripe-key"` |');
    expect(markdown).toContain("| `fly.vm.cpus` | `1` | `4` | production: machines sized for production traffic |");
  });
});

describe("infra parity", () => {
  test("prints JSON (schemaVersion 1) and exits 0", async () => {
    const result = await runInfra(["parity", "development", "production", "--format", "json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, stages: ["development", "production"] });
    expect(report.differences.filter((d: { kind: string }) => d.kind === "undeclared")).toEqual([]);
  });

  test("rejects an unknown stage (exit 1) listing the valid ones, and a stage compared with itself", async () => {
    const unknown = await runInfra(["parity", "staging", "qa"]);
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      expect.stringMatching(/unknown stage "qa"; valid stages are development, staging, production/),
    ]);
    const same = await runInfra(["parity", "staging", "staging"]);
    expect([same.code, same.stderr]).toEqual([
      1,
      expect.stringMatching(/compare two different stages; both are "staging"/),
    ]);
  });
});
