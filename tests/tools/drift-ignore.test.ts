/**
 * Expected drift (`drift.ignore` in a stage's config, and the platform's own): which findings an entry covers,
 * entries that expired or matched nothing are errors naming them, and the config rules for an entry.
 */
import { parseStage, STAGES } from "../../environments";
import {
  expectedBy,
  expiredEntries,
  PLATFORM_EXPECTED_DRIFT,
  unusedEntries,
  type IgnoreEntry,
} from "../../tools/drift/ignore";

const entry = (over: Partial<IgnoreEntry> = {}): IgnoreEntry => ({
  address: "aws_secretsmanager_secret.*",
  reason: "a reason of at least twenty characters",
  expires: "2027-01-31",
  ...over,
});
const config = (e: IgnoreEntry) => [{ entry: e, source: "config" as const }];

describe("matching", () => {
  test("an address glob matches any run of characters, brackets taken literally", () => {
    expect(
      expectedBy(config(entry()), "aws_secretsmanager_secret.secrets_secret-db_1A2B3C4D", "description"),
    ).toBeDefined();
    expect(
      expectedBy(
        config(entry({ address: 'vercel_project_environment_variable.x["k"]' })),
        'vercel_project_environment_variable.x["k"]',
        "value",
      ),
    ).toBeDefined();
    expect(expectedBy(config(entry()), "aws_kms_key.k", "description")).toBeUndefined();
  });

  test("attributes limit the entry to those paths and everything below them", () => {
    const tags = config(entry({ attributes: ["tags"] }));
    expect(expectedBy(tags, "aws_secretsmanager_secret.a", "tags.owner")).toBeDefined();
    expect(expectedBy(tags, "aws_secretsmanager_secret.a", "tags_all.owner")).toBeUndefined();
    expect(expectedBy(tags, "aws_secretsmanager_secret.a", "description")).toBeUndefined();
  });

  test("the platform expects the secret policy attribute and the sync tags, nothing else", () => {
    const platform = PLATFORM_EXPECTED_DRIFT.map((e) => ({ entry: e, source: "platform" as const }));
    expect(expectedBy(platform, "aws_secretsmanager_secret.s", "policy")).toBeDefined();
    expect(expectedBy(platform, "aws_secretsmanager_secret.s", "tags_all.synced-github")).toBeDefined();
    expect(expectedBy(platform, "aws_secretsmanager_secret.s", "tags.owner")).toBeUndefined();
    expect(expectedBy(platform, "aws_secretsmanager_secret.s", "kms_key_id")).toBeUndefined();
  });
});

describe("entries that no longer hold", () => {
  test("an entry past its date is an error naming it (its last day still holds)", () => {
    expect(
      expiredEntries(
        "staging",
        [entry({ expires: "2026-11-22" }), entry({ expires: "2026-11-23" })],
        new Date("2026-11-23T12:00:00Z"),
      ),
    ).toEqual([
      "staging.drift.ignore.0 (aws_secretsmanager_secret.*) expired on 2026-11-22; renew it with a new date and reason, or remove it",
    ]);
  });

  test("an entry that matched nothing is an error naming it", () => {
    const used = entry();
    const unused = entry({ address: "aws_kms_key.*", attributes: ["description"] });
    expect(unusedEntries("staging", [used, unused], new Set([used]))).toEqual([
      "staging.drift.ignore.1 (aws_kms_key.* description) matched no drift; remove it, the drift it expected is gone",
    ]);
  });
});

describe("config", () => {
  const withIgnore = (ignore: unknown[]) => ({ ...structuredClone(STAGES.staging), drift: { ignore } });

  test("a stage without drift.ignore gets an empty list", () => {
    expect(STAGES.staging.drift).toEqual({ ignore: [] });
  });

  test("throws on a short reason and a date that is not YYYY-MM-DD", () => {
    expect(() => parseStage(withIgnore([{ address: "x.*", reason: "because", expires: "next week" }]))).toThrow(
      /staging\.drift\.ignore\.0\.reason: "because" is too short; say in at least 20 characters[\s\S]*staging\.drift\.ignore\.0\.expires: "next week" is not a date; write it as YYYY-MM-DD/,
    );
  });
});

describe("in a drift report (real refresh-only plan)", () => {
  const { readFileSync } = require("node:fs") as typeof import("node:fs");
  const join = (...parts: string[]) => (require("node:path") as typeof import("node:path")).join(...parts);
  const { driftReport } = require("../../tools/drift/drift-report") as typeof import("../../tools/drift/drift-report");
  const { renderDriftMarkdown } =
    require("../../tools/drift/render-drift") as typeof import("../../tools/drift/render-drift");
  const { parsePlanJson } = require("../../tools/plan/plan-json") as typeof import("../../tools/plan/plan-json");
  const plan = parsePlanJson(readFileSync(join(__dirname, "../fixtures/plans/refresh-only-drift.json"), "utf8"));
  const today = new Date("2026-11-24T00:00:00Z");
  const findings = (r: ReturnType<typeof driftReport>) =>
    r.resources.flatMap((x) => x.findings.map((f) => `${x.address} ${f.path}`));

  test("an entry silences exactly its finding: listed as expected, not counted", () => {
    const without = driftReport("staging", plan);
    expect(findings(without)).toContain("aws_secretsmanager_secret.api description");
    const ignore = entry({
      address: "aws_secretsmanager_secret.api",
      attributes: ["description"],
      reason: "edited by the support team's runbook on purpose",
    });
    const report = driftReport("staging", plan, undefined, new Map(), { entries: [ignore], today });
    expect(findings(report)).toEqual(
      findings(without).filter((f) => f !== "aws_secretsmanager_secret.api description"),
    );
    expect(report.ignored).toEqual([
      {
        address: "aws_secretsmanager_secret.api",
        path: "description",
        reason: "edited by the support team's runbook on purpose",
        source: "config",
      },
    ]);
    expect(report.ignoreErrors).toEqual([]);
    expect(renderDriftMarkdown(report)).toMatch(/Expected drift, not counted \(1\)/);
  });

  test("an expired or unused entry is an error naming it", () => {
    const expired = entry({
      address: "aws_secretsmanager_secret.api",
      attributes: ["description"],
      expires: "2026-11-01",
    });
    const unused = entry({ address: "aws_kms_key.nothing", attributes: ["description"] });
    const report = driftReport("staging", plan, undefined, new Map(), { entries: [expired, unused], today });
    expect(report.ignoreErrors).toEqual([
      "staging.drift.ignore.0 (aws_secretsmanager_secret.*) expired on 2026-11-01; renew it with a new date and reason, or remove it".replace(
        "aws_secretsmanager_secret.*",
        "aws_secretsmanager_secret.api",
      ),
      "staging.drift.ignore.1 (aws_kms_key.nothing description) matched no drift; remove it, the drift it expected is gone",
    ]);
  });

  test("the platform's own expectations (a secret's policy set by its policy resource) need no entry", () => {
    const report = driftReport("staging", plan, undefined, new Map(), { entries: [], today });
    expect(findings(report).filter((f) => / policy$/.test(f))).toEqual([]);
  });
});
