/**
 * Drift reports from plan JSON: severity per finding (security, availability, cosmetic; most severe first),
 * masking exactly like plan review, stale secret consumers from a pending plan, and `infra drift --plan-json`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { driftReport, staleConsumers } from "../../tools/drift/drift-report";
import { readPlanEvents } from "../../tools/drift/run-drift";
import { parsePlanJson } from "../../tools/plan/plan-json";
import { planWith } from "../support/plan-builder";
import { runInfra } from "../support/run-infra";

const FIXTURES = join(__dirname, "../fixtures/plans");

describe("severity", () => {
  const report = driftReport(
    "production",
    planWith(
      [],
      [
        {
          address: "cloudflare_dns_record.api",
          actions: ["update"],
          before: { name: "api.example.com", content: "acme-api.fly.dev", comment: "a" },
          after: { name: "api.example.com", content: "elsewhere.example.net", comment: "b" },
        },
        {
          address: "cloudflare_ruleset.ratelimit",
          actions: ["update"],
          before: { phase: "http_ratelimit", rules: [{ ratelimit: { requests_per_period: 100 } }] },
          after: { phase: "http_ratelimit", rules: [{ ratelimit: { requests_per_period: 5000 } }] },
        },
        {
          address: "aws_secretsmanager_secret.x",
          actions: ["update"],
          before: { description: "a", tags: {} },
          after: { description: "b", tags: { owner: "me" } },
        },
        {
          address: "github_repository_environment.production",
          actions: ["update"],
          before: { prevent_self_review: true },
          after: { prevent_self_review: false },
        },
      ],
    ),
  );

  test("classifies each attribute and sorts resources most severe first", () => {
    expect(
      report.resources.map((r) => [r.address, r.severity, r.findings.map((f) => `${f.path}:${f.severity}`)]),
    ).toEqual([
      ["cloudflare_ruleset.ratelimit", "security", ["rules[0].ratelimit.requests_per_period:security"]],
      ["github_repository_environment.production", "security", ["prevent_self_review:security"]],
      ["cloudflare_dns_record.api", "availability", ["content:availability", "comment:cosmetic"]],
      ["aws_secretsmanager_secret.x", "cosmetic", ["description:cosmetic", "tags.owner:cosmetic"]],
    ]);
  });

  test("a resource deleted outside Terraform is at least an availability finding", () => {
    const gone = driftReport(
      "staging",
      planWith(
        [],
        [
          {
            address: "cloudflare_dns_record.www",
            actions: ["delete"],
            before: { name: "www.example.com" },
            after: null,
          },
        ],
      ),
    );
    expect(gone.resources).toEqual([
      expect.objectContaining({ address: "cloudflare_dns_record.www", kind: "delete", severity: "availability" }),
    ]);
  });

  test("sensitive drift is masked exactly like plan review", () => {
    const masked = driftReport(
      "staging",
      planWith(
        [],
        [
          {
            address: "aws_secretsmanager_secret_version.v",
            actions: ["update"],
            before: { secret_string: "FAKE-drift-before" },
            after: { secret_string: "FAKE-drift-after" },
            before_sensitive: { secret_string: true },
            after_sensitive: { secret_string: true },
          },
        ],
      ),
    );
    expect(JSON.stringify(masked)).not.toMatch(/FAKE-drift/);
    expect(masked.resources[0].findings[0]).toMatchObject({
      path: "secret_string",
      before: "(sensitive)",
      after: "(sensitive)",
    });
  });
});

describe("stale secret consumers", () => {
  test("names the consumers whose sensitive value a pending plan would update, and their secret", () => {
    const pending = planWith([
      {
        address: "vercel_project_environment_variable.dsn_production",
        actions: ["update"],
        before: { key: "ERROR_TRACKING_DSN", value_wo_version: 1 },
        after: { key: "ERROR_TRACKING_DSN", value_wo_version: 2 },
      },
      {
        address: "github_actions_environment_secret.auth_token",
        actions: ["update"],
        before: { secret_name: "ERROR_TRACKING_AUTH_TOKEN", plaintext_value: "FAKE-a" },
        after: { secret_name: "ERROR_TRACKING_AUTH_TOKEN", plaintext_value: "FAKE-b" },
        before_sensitive: { plaintext_value: true },
        after_sensitive: { plaintext_value: true },
      },
      {
        address: "github_actions_environment_variable.stage",
        actions: ["update"],
        before: { variable_name: "STAGE", value: "a" },
        after: { variable_name: "STAGE", value: "b" },
      },
      {
        address: "vercel_project_environment_variable.api_url",
        actions: ["update"],
        before: { key: "NEXT_PUBLIC_API_URL", value: "x", target: ["production"] },
        after: { key: "NEXT_PUBLIC_API_URL", value: "x", target: ["production", "preview"] },
      },
    ]);
    const secrets = new Map([
      ["ERROR_TRACKING_DSN", "error-tracking-dsn"],
      ["ERROR_TRACKING_AUTH_TOKEN", "error-tracking-auth-token"],
    ]);
    expect(staleConsumers(pending, secrets)).toEqual([
      {
        address: "vercel_project_environment_variable.dsn_production",
        consumer: "vercel",
        envName: "ERROR_TRACKING_DSN",
        secret: "error-tracking-dsn",
      },
      {
        address: "github_actions_environment_secret.auth_token",
        consumer: "github",
        envName: "ERROR_TRACKING_AUTH_TOKEN",
        secret: "error-tracking-auth-token",
      },
    ]);
  });
});

describe("infra drift --plan-json", () => {
  test("a real refresh-only plan with drift exits 2 and names the drifted attributes", async () => {
    const result = await runInfra([
      "drift",
      "--plan-json",
      join(FIXTURES, "refresh-only-drift.json"),
      "--stage",
      "staging",
      "--format",
      "json",
    ]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout).reports[0];
    expect(report.resources.map((r: any) => [r.address, r.findings.map((f: any) => f.path)])).toEqual([
      ["aws_secretsmanager_secret.api", ["description", "tags.owner", "tags_all.owner"]],
    ]);
  }, 30000);

  test("a plan with changes but no resource_drift exits 0, whatever its output changes", async () => {
    const plan = parsePlanJson(readFileSync(join(FIXTURES, "create.json"), "utf8"));
    expect(Object.keys(plan.output_changes ?? {}).length).toBeGreaterThan(0);
    expect((await runInfra(["drift", "--plan-json", join(FIXTURES, "create.json")])).code).toBe(0);
  }, 30000);

  test("rejects a malformed file with exit 1, and a call with neither stages nor --plan-json", async () => {
    const bad = await runInfra(["drift", "--plan-json", join(FIXTURES, "create.plan-line.txt")]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/is not valid JSON/)]);
    const none = await runInfra(["drift"]);
    expect([none.code, none.stderr]).toEqual([1, expect.stringMatching(/name at least one stage/)]);
  }, 30000);
});

describe("readPlanEvents (terraform plan -json messages)", () => {
  const line = (message: object) => JSON.stringify({ "@level": "info", "@message": "m", ...message });

  test("counts resource_drift and planned_change messages and nothing else", () => {
    const stdout = [
      line({ type: "version", terraform: "1.11.4", ui: "1.2" }),
      line({ type: "resource_drift", change: { resource: { addr: "aws_kms_key.a" }, action: "update" } }),
      line({ type: "planned_change", change: { resource: { addr: "aws_kms_key.b" }, action: "create" } }),
      line({ type: "planned_change", change: { resource: { addr: "aws_kms_key.c" }, action: "delete" } }),
      line({ type: "change_summary", changes: { add: 1, change: 0, remove: 1, import: 0, operation: "plan" } }),
      line({ type: "outputs", outputs: { x: { sensitive: false, action: "create" } } }),
    ].join("\n");
    expect(readPlanEvents(stdout)).toEqual({ drifted: 1, changes: 2, errors: [] });
  });

  test("collects error diagnostics as summary: detail, ignores warnings and lines that are not JSON", () => {
    const stdout = [
      "Terraform has been successfully initialized!",
      "{not json",
      line({
        type: "diagnostic",
        diagnostic: { severity: "warning", summary: "Deprecated attribute", detail: "use x" },
      }),
      line({
        type: "diagnostic",
        diagnostic: {
          severity: "error",
          summary: "Invalid reference",
          detail: "A managed resource has not been declared.",
        },
      }),
      line({ type: "diagnostic", diagnostic: { severity: "error", summary: "No valid credential sources found" } }),
    ].join("\n");
    expect(readPlanEvents(stdout)).toEqual({
      drifted: 0,
      changes: 0,
      errors: ["Invalid reference: A managed resource has not been declared.", "No valid credential sources found"],
    });
  });
});
