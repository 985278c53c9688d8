/**
 * `infra plan-review` on plans produced by real `terraform plan` (tests/fixtures/plans, see generate.ts there):
 * counts equal Terraform's own line, nothing sensitive is ever printed, destructive changes are bannered,
 * protected ones fail the run on request, output stays within --max-chars, and the sticky PR comment is upserted.
 */
import { readFileSync, rmSync, writeFileSync, mkdtempSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePlanJson } from "../../tools/plan/plan-json";
import { countsLine, summarizePlan } from "../../tools/plan/summarize";
import { code, renderPlanMarkdown } from "../../tools/plan/render-markdown";
import { planSummaryJson, planSummaryJsonText } from "../../tools/plan/render-json";
import { Scrubber } from "../../tools/plan/scrub";
import { planReview } from "../../tools/plan-review";
import { GitHubApiStandin } from "../support/github-api-standin";
import { runInfra } from "../support/run-infra";

const FIXTURES = join(__dirname, "../fixtures/plans");
const NAMES = ["create", "no-changes", "destroy", "refresh-only-drift", "mixed"] as const;
const text = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), "utf8");
const plan = (name: string) => parsePlanJson(text(name));
const terraformLine = (name: string) => readFileSync(join(FIXTURES, `${name}.plan-line.txt`), "utf8").trim();
/** The fake secret values the fixtures hold (in secret_string, marked sensitive by Terraform). */
const SECRET_VALUES = ["FAKE-fixture-password-v1", "FAKE-fixture-password-v2"];

describe("counts", () => {
  test.each(NAMES)("%s: the counts line equals Terraform's own", (name) => {
    const summary = summarizePlan(plan(name));
    const ours = summary.noChanges ? "No changes." : countsLine(summary.counts);
    expect(terraformLine(name).startsWith(ours)).toBe(true);
  });

  test("a replacement counts as one add and one destroy", () => {
    const s = summarizePlan(plan("mixed"));
    expect(s.resources.filter((r) => r.kind === "replace")).toHaveLength(2);
    expect(s.counts).toEqual({ add: 3, change: 2, destroy: 3, import: 0, move: 0, forget: 0 });
  });
});

describe("imports and moves", () => {
  test("are counted the way Terraform prints them and shown per resource", () => {
    const doc = JSON.parse(text("no-changes"));
    const [first, second] = doc.resource_changes;
    first.change.importing = { id: "fixture-import-id" };
    second.previous_address = "aws_kms_key.old_name";
    const summary = summarizePlan(doc, "staging");
    expect(summary.counts).toMatchObject({ import: 1, move: 1, add: 0, change: 0, destroy: 0 });
    expect(countsLine(summary.counts)).toBe("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.");
    const md = renderPlanMarkdown(summary);
    expect(md).toContain("**Plan: 1 to import, 0 to add, 0 to change, 0 to destroy.** 1 moved.");
    expect(md).toContain(`(moved from ${code("aws_kms_key.old_name")})`);
    expect(md).toContain("(import)");
  });
});

describe("sensitive values are never printed", () => {
  test("the fixtures really do hold the values (so this test can fail)", () => {
    expect(SECRET_VALUES.some((v) => text("mixed").includes(v))).toBe(true);
  });

  test.each(NAMES)("%s: markdown and JSON contain none of them", (name) => {
    const summary = summarizePlan(plan(name), "fixture");
    const outputs = [
      renderPlanMarkdown(summary),
      JSON.stringify(planSummaryJson(summary)),
      renderPlanMarkdown(summary, 2000),
    ];
    for (const out of outputs) for (const value of SECRET_VALUES) expect(out).not.toContain(value);
  });

  test("sensitive attributes, at any depth, show as (sensitive), also in outputs", () => {
    const s = summarizePlan(plan("mixed"));
    const version = s.resources.find((r) => r.address === "aws_secretsmanager_secret_version.api")!;
    expect(version.attributes.find((a) => a.path === "secret_string")).toEqual({
      path: "secret_string",
      before: "(sensitive)",
      after: "(sensitive)",
      forcesReplacement: true,
    });
    const out = s.outputs.find((o) => o.name === "api_secret_json")!;
    expect([out.before, out.after]).toEqual(["(sensitive)", "(sensitive)"]);
  });

  test("an unchanged value whose unknown marker is a list entry is still listed as known after apply", () => {
    // The walk skips keys with the same scalar on both sides only when their unknown marker, read the way a child
    // marker is read (list entries by index too), is absent or false (eighth review).
    const { attributeChanges, hasAttributeChanges } = require("../../tools/plan/attribute-diff");
    const change = { actions: ["update"], before: { "0": "zero" }, after: { "0": "zero" }, after_unknown: [true] };
    expect(attributeChanges(change)).toEqual([
      { path: "0", before: "zero", after: "(known after apply)", forcesReplacement: false },
    ]);
    expect(hasAttributeChanges(change)).toBe(true);
    expect(hasAttributeChanges({ ...change, after_unknown: [false] })).toBe(false);
  });

  test("masking reaches nested values", () => {
    const { attributeChanges } = require("../../tools/plan/attribute-diff");
    const changes = attributeChanges({
      actions: ["update"],
      before: { settings: { token: "FAKE-nested-1", region: "eu" }, list: [{ key: "FAKE-nested-2" }] },
      after: { settings: { token: "FAKE-nested-3", region: "us" }, list: [{ key: "FAKE-nested-4" }] },
      before_sensitive: { settings: { token: true }, list: [{ key: true }] },
      after_sensitive: { settings: { token: true }, list: [{ key: true }] },
      after_unknown: {},
    });
    expect(JSON.stringify(changes)).not.toMatch(/FAKE-nested/);
    expect(changes.map((c: any) => [c.path, c.before, c.after])).toEqual([
      ["settings.token", "(sensitive)", "(sensitive)"],
      ["settings.region", "eu", "us"],
      ["list[0].key", "(sensitive)", "(sensitive)"],
    ]);
  });
});

describe("markdown", () => {
  const md = renderPlanMarkdown(summarizePlan(plan("mixed"), "production"));

  test("opens with the stage and Terraform's counts line", () => {
    expect(md.split("\n").slice(0, 3)).toEqual([
      "## Terraform plan: production",
      "",
      "**Plan: 3 to add, 2 to change, 3 to destroy.**",
    ]);
  });

  test("a loud banner lists every deletion and replacement with its reason in words, protected ones marked", () => {
    const bannerStart = md.indexOf("> [!CAUTION]");
    expect(bannerStart).toBeGreaterThan(0);
    expect(bannerStart).toBeLessThan(md.indexOf("### "));
    expect(md).toContain("> **This plan deletes or replaces 3 resources, 2 of them protected.**");
    expect(md).toContain(
      `> - **delete** ${code("aws_secretsmanager_secret.legacy")} — it was removed from the configuration — 🛡️ **PROTECTED**`,
    );
    // The replacement reason names the attribute that forces it (replace_paths).
    expect(md).toContain(
      `> - **replace** ${code("aws_secretsmanager_secret.renamed")} — name cannot be updated in place — 🛡️ **PROTECTED**`,
    );
  });

  test("per resource, a collapsed details block with only the changed attributes, before → after", () => {
    const block = md.slice(md.indexOf(`<summary>🔄 update ${code("aws_secretsmanager_secret.api")}</summary>`));
    const table = block.slice(0, block.indexOf("</details>"));
    expect(table).toContain(
      `| ${code("description")} | ${code('"edited in the console"')} | ${code('"API key of the fixture service (rotated yearly)"')} |`,
    );
    expect(table).not.toContain(code("recovery_window_in_days"));
    expect(md).toContain(
      `| ${code("name")} <b>(forces replacement)</b> | ${code('"fixture/old-name"')} | ${code('"fixture/new-name"')} |`,
    );
    expect(md).toContain("<i>(known after apply)</i>");
  });

  test("changes made outside Terraform get their own section", () => {
    const drift = md.slice(md.indexOf("### Changes made outside Terraform (drift)"));
    expect(drift).toContain(
      `| ${code("description")} | ${code('"API key of the fixture service"')} | ${code('"edited in the console"')} |`,
    );
    expect(drift).toContain(`| ${code("tags.owner")} | — | ${code('"someone"')} |`);
  });

  test("output changes get their own section", () => {
    expect(md).toContain("### Output changes");
    expect(md).toContain(`| ${code("api_secret_json")} | update | <i>(sensitive)</i> | <i>(sensitive)</i> |`);
    expect(md).toContain(`| ${code("legacy_arn")} | delete |`);
  });

  test("no changes says so", () => {
    expect(renderPlanMarkdown(summarizePlan(plan("no-changes"), "staging"))).toContain(
      "**No changes.** Your infrastructure matches the configuration.",
    );
  });
});

describe("--max-chars", () => {
  const summary = summarizePlan(plan("mixed"), "production");
  const full = renderPlanMarkdown(summary);

  test.each([full.length - 1, 2500, 1600, 1000, 400])(
    "never longer than %d characters, and the counts line always stays",
    (max) => {
      const md = renderPlanMarkdown(summary, max);
      expect(md.length).toBeLessThanOrEqual(max);
      expect(md).toContain("**Plan: 3 to add, 2 to change, 3 to destroy.**");
    },
  );

  test("0 means no limit", () => {
    expect(renderPlanMarkdown(summary, 0)).toBe(full);
  });

  test("drops attribute detail first and says so, keeping the type table and the banner", () => {
    const md = renderPlanMarkdown(summary, full.length - 1);
    expect(md).not.toContain("<details>");
    expect(md).toContain(`- ♻️ replace ${code("aws_secretsmanager_secret.renamed")}`);
    expect(md).toContain("Attribute-level detail was left out to fit the comment limit");
    expect(md).toContain(`| ${code("aws_secretsmanager_secret")} |`);
    expect(md).toContain("> [!CAUTION]");
  });

  test("then cuts every action's list to the same length, and says how to see everything (locally, never an artifact)", () => {
    const cut = [2400, 2200, 2000, 1800, 1600]
      .map((n) => renderPlanMarkdown(summary, n))
      .find((md) => /Lists were cut to \d+ entr/.test(md))!;
    expect(cut).toMatch(/Lists were cut to 1 entry per action/);
    // One delete is still listed although replaces come first in plan order.
    expect(cut).toMatch(/\*\*delete\*\* \(1\)\n\n- 🗑️ delete/);
    expect(cut).toContain("infra plan-review <plan.json> --format markdown --max-chars 0");
    expect(cut).not.toMatch(/artifact/);
  });

  test("when even the lists cannot fit, keeps the counts and says everything else was cut", () => {
    const md = renderPlanMarkdown(summary, 400);
    expect(md).toContain("Everything but the counts was cut to fit the comment limit of 400 characters");
  });
});

describe("--format json", () => {
  test("is the same summary as stable, documented JSON", () => {
    const json = planSummaryJson(summarizePlan(plan("mixed"), "production")) as any;
    expect(Object.keys(json)).toEqual([
      "schemaVersion",
      "stage",
      "terraformVersion",
      "counts",
      "noChanges",
      "destructive",
      "protectedDestroys",
      "forgotten",
      "byType",
      "resources",
      "drift",
      "outputs",
      "risks",
    ]);
    expect(json.schemaVersion).toBe(1);
    expect([...json.protectedDestroys].sort()).toEqual([
      "aws_secretsmanager_secret.legacy",
      "aws_secretsmanager_secret.renamed",
    ]);
    expect(json.resources[0]).toEqual(
      expect.objectContaining({ address: expect.any(String), kind: expect.any(String), attributes: expect.any(Array) }),
    );
  });

  test("each attribute entry has exactly the documented fields, in order (unscrubbed ones are the changes themselves)", async () => {
    const allowed = ["path", "before", "after", "forcesReplacement"];
    let entries = 0;
    for (const name of NAMES) {
      const doc = JSON.parse(
        await planSummaryJsonText(summarizePlan(plan(name), "production"), Scrubber.forPlan(plan(name))),
      );
      for (const r of [...doc.resources, ...doc.drift])
        for (const a of r.attributes) {
          expect(Object.keys(a)).toEqual(allowed.filter((k) => k in a));
          expect(Object.keys(a)).toEqual(expect.arrayContaining(["path", "forcesReplacement"]));
          entries++;
        }
    }
    expect(entries).toBeGreaterThan(20);
  });

  test("written a resource at a time, it is exactly the document as one object, scrubbed the same", async () => {
    for (const name of NAMES) {
      const summary = summarizePlan(plan(name), "production");
      // Many times the plan's resources and drift: a large document, written piece by piece.
      const big = {
        ...summary,
        resources: Array.from({ length: 300 }, () => summary.resources).flat(),
        drift: Array.from({ length: 300 }, () => summary.drift).flat(),
      };
      for (const s of [summary, big]) {
        const scrubber = Scrubber.forPlan(plan(name));
        const text = await planSummaryJsonText(s, scrubber);
        // The same scrubber: what it decided for each string while writing is what the object form gets.
        expect(text).toBe(JSON.stringify(planSummaryJson(s, scrubber)));
        for (const value of SECRET_VALUES) expect(text).not.toContain(value);
      }
    }
  });
});

describe("the CLI", () => {
  test("exits 0 by default and 3 with --fail-on-protected-destroy when a protected resource would go", async () => {
    const file = join(FIXTURES, "mixed.json");
    expect((await runInfra(["plan-review", file, "--stage", "production"])).code).toBe(0);
    const failing = await runInfra(["plan-review", file, "--stage", "production", "--fail-on-protected-destroy"]);
    expect(failing.code).toBe(3);
    expect(failing.stdout).toContain("PROTECTED");
    expect((await runInfra(["plan-review", join(FIXTURES, "create.json"), "--fail-on-protected-destroy"])).code).toBe(
      0,
    );
  }, 30000);

  test("reads the plan from stdin with -", async () => {
    const result = await runInfra(["plan-review", "-", "--format", "json"], {}, text("create"));
    expect([result.code, JSON.parse(result.stdout).counts.add]).toEqual([0, 7]);
  }, 30000);

  test("reads the plan's text as UTF-8, from a file and from stdin, non-ASCII text as written", async () => {
    // Terraform writes non-ASCII characters unescaped; an ASCII plan is read byte for byte (read-plan-document.ts).
    const doc = JSON.parse(text("create"));
    const note = "Zürich ☃ 😀 naïve";
    doc.resource_changes[0].change.after.note = note;
    const file = join(mkdtempSync(join(tmpdir(), "plan-review-")), "utf8.json");
    writeFileSync(file, JSON.stringify(doc));
    expect(readFileSync(file, "utf8")).toContain(note);
    const noteOf = (stdout: string) =>
      (JSON.parse(stdout) as { resources: Array<{ attributes: Array<{ path: string; after: unknown }> }> }).resources
        .flatMap((r) => r.attributes)
        .find((a) => a.path === "note")?.after;
    const fromFile = await runInfra(["plan-review", file, "--format", "json"]);
    const fromStdin = await runInfra(["plan-review", "-", "--format", "json"], {}, JSON.stringify(doc));
    expect([noteOf(fromFile.stdout), noteOf(fromStdin.stdout)]).toEqual([note, note]);
    const ascii = await runInfra(["plan-review", join(FIXTURES, "create.json"), "--format", "json"]);
    const options = { format: "json", maxChars: 65000, failOnProtectedDestroy: false, githubComment: false } as const;
    expect(ascii.stdout).toBe((await planReview(text("create"), "create.json", options)).output);
  }, 30000);

  test("a plan too large for Node to read says so in one line, exit 1", async () => {
    // A sparse file: 3 GB long without the disk space (Node refuses to read a file over 2 GB into one buffer).
    const dir = mkdtempSync(join(tmpdir(), "plan-review-"));
    const file = join(dir, "huge.json");
    writeFileSync(file, "");
    truncateSync(file, 3 * 1024 ** 3);
    const result = await runInfra(["plan-review", file]);
    rmSync(dir, { recursive: true });
    expect([result.code, result.stdout, result.stderr]).toEqual([
      1,
      "",
      `infra: cannot read ${file}: larger than Node can hold as one string (about 512 MB)\n`,
    ]);
  }, 30000);

  test("rejects malformed JSON and another format version with exit 1 and the reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plan-review-"));
    writeFileSync(join(dir, "bad.json"), "{ not json");
    writeFileSync(join(dir, "v2.json"), JSON.stringify({ format_version: "2.0", resource_changes: [] }));
    writeFileSync(join(dir, "state.json"), JSON.stringify({ format_version: "1.0", values: {} }));
    const bad = await runInfra(["plan-review", join(dir, "bad.json")]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/bad\.json is not valid JSON/)]);
    const v2 = await runInfra(["plan-review", join(dir, "v2.json")]);
    expect([v2.code, v2.stderr]).toEqual([
      1,
      expect.stringMatching(/format_version "2\.0"; only Terraform's plan format 1\.x is supported/),
    ]);
    const state = await runInfra(["plan-review", join(dir, "state.json")]);
    expect([state.code, state.stderr]).toEqual([1, expect.stringMatching(/is it a state file rather than a plan/)]);
    const missing = await runInfra(["plan-review", join(dir, "nope.json")]);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/cannot read .*nope\.json/)]);
  }, 60000);
});

describe("--github-comment", () => {
  const github = new GitHubApiStandin();
  let env: NodeJS.ProcessEnv;
  let summaryFile: string;

  beforeAll(async () => {
    const url = await github.start();
    const dir = mkdtempSync(join(tmpdir(), "gh-event-"));
    writeFileSync(
      join(dir, "event.json"),
      JSON.stringify({ pull_request: { number: 42, head: { sha: "a".repeat(40) }, labels: [] } }),
    );
    summaryFile = join(dir, "summary.md");
    env = {
      GITHUB_API_URL: url,
      GITHUB_REPOSITORY: "example-org/acme-platform",
      INFRA_NOTIFY_TOKEN: "fake-token-for-standin",
      GITHUB_EVENT_PATH: join(dir, "event.json"),
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_RUN_ID: "7",
    };
  });
  afterAll(() => github.stop());

  const options = (stage: string) => ({
    stage,
    format: "markdown" as const,
    maxChars: 65000,
    failOnProtectedDestroy: false,
    githubComment: true,
  });

  test("creates one sticky comment per stage, then updates it instead of adding another", async () => {
    await planReview(text("create"), "create.json", options("staging"), env);
    await planReview(text("create"), "create.json", options("production"), env);
    expect(github.comments.map((c) => c.issue)).toEqual([42, 42]);
    await planReview(text("mixed"), "mixed.json", options("staging"), env);
    expect(github.comments).toHaveLength(2);
    const staging = github.comments.find((c) => c.body.includes("platform-infra:plan:staging"))!;
    expect(staging.body).toContain("**Plan: 3 to add, 2 to change, 3 to destroy.**");
    expect(github.requests.filter((r) => r.startsWith("PATCH"))).toHaveLength(1);
    for (const v of SECRET_VALUES) expect(JSON.stringify(github.comments)).not.toContain(v);
  });

  const writes = () => github.requests.filter((r) => !r.startsWith("GET ")).length;

  test("the same plan twice changes nothing", async () => {
    const before = writes();
    await planReview(text("mixed"), "mixed.json", options("staging"), env);
    expect(writes()).toBe(before);
  });

  test("the comment records the plan digest, the head commit and the run, readable by the deploy", async () => {
    const { readRecord } = await import("../../tools/github/review-record");
    const { planDigest } = await import("../../tools/plan/plan-digest");
    const staging = github.comments.find((c) => c.body.includes("platform-infra:plan:staging"))!;
    const record = readRecord(staging.body)!;
    expect(record).toMatchObject({
      stage: "staging",
      digest: planDigest(JSON.parse(text("mixed"))),
      head: "a".repeat(40),
      run: "https://github.com/example-org/acme-platform/actions/runs/7",
      allowProtectedDestroy: false,
    });
    expect(staging.body).toContain(`Commit ${"a".repeat(12)}`);
  });

  test("a comment someone else planted with the marker is never adopted", async () => {
    github.comments.push({
      id: 1,
      issue: 42,
      body: "<!-- platform-infra:plan:development -->\nplanted",
      user: "mallory",
    });
    await planReview(text("create"), "create.json", options("development"), env);
    const dev = github.comments.filter((c) => c.body.includes("platform-infra:plan:development"));
    expect(dev.map((c) => [c.user, c.body.includes("planted")])).toEqual([
      ["mallory", true],
      ["github-actions[bot]", false],
    ]);
  });

  test("a stage without changes gets a one-line review (still with its record)", async () => {
    await planReview(text("no-changes"), "no-changes.json", options("preview-ci"), env);
    const body = github.comments.find((c) => c.body.includes("platform-infra:plan:preview-ci"))!.body;
    expect(body.split("\n")[1]).toBe("**preview-ci**: no changes. Plan: 0 to add, 0 to change, 0 to destroy.");
    expect(body).toContain("platform-infra:review-record");
  });

  test("a failed plan replaces the review with a failure notice holding Terraform's diagnostics, scrubbed", async () => {
    const { planFailed } = await import("../../tools/plan-review");
    const { FAKE } = await import("../fixtures/fake-credentials");
    const log = join(mkdtempSync(join(tmpdir(), "plan-log-")), "plan.log");
    writeFileSync(
      log,
      `Refreshing state...\n╷\n│ Error: creating Secret: AccessDeniedException with token ${FAKE.githubToken}\n│\n╵\n`,
    );
    await planFailed(log, { stage: "staging", githubComment: true }, env);
    const staging = github.comments.filter((c) => c.body.includes("platform-infra:plan:staging"));
    expect(staging).toHaveLength(1);
    expect(staging[0].body).toContain("**The plan failed.**");
    expect(staging[0].body).toContain("│ Error: creating Secret: AccessDeniedException");
    expect(staging[0].body).not.toContain(FAKE.githubToken);
    const { readRecord } = await import("../../tools/github/review-record");
    expect(readRecord(staging[0].body)?.digest).toBeUndefined();
  });

  test("appends the summary to $GITHUB_STEP_SUMMARY", () => {
    expect(readFileSync(summaryFile, "utf8")).toContain("## Terraform plan: staging");
  });
});
