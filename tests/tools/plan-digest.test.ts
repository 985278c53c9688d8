/**
 * `infra plan-digest` and `infra verify-plan` on plans made by real `terraform plan` (tests/fixtures/plans): the
 * same plan re-serialized digests the same; any intended change, even only a sensitive value, digests differently
 * and the value is never printed; verify-plan names what differs and refuses a protected destroy the review did not
 * allow. The reviewed record is read from the comment our own identity wrote (GitHub API stand-in).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { reviewedPlan } from "../../tools/github/reviewed-plan";
import { renderRecord, readRecord, type ReviewRecord } from "../../tools/github/review-record";
import { commentMarker } from "../../tools/github/sticky-comment";
import { canonicalJson, changeDigests, planDigest } from "../../tools/plan/plan-digest";
import { verifyPlan } from "../../tools/plan/verify-plan";
import { GitHubApiStandin } from "../support/github-api-standin";
import { runInfra } from "../support/run-infra";

const FIXTURES = join(__dirname, "../fixtures/plans");
const load = (name: string): Record<string, any> => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));
const CANARY = "CANARY-sensitive-value-in-a-plan-9d2e";

/** The same JSON with every object's keys in reverse order, pretty-printed, and resource changes reversed. */
function reserialized(plan: Record<string, any>): Record<string, any> {
  const reverseKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reverseKeys)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reverseKeys(x)]),
          )
        : v;
  const copy = reverseKeys(plan) as Record<string, any>;
  copy.resource_changes = [...copy.resource_changes].reverse();
  return JSON.parse(JSON.stringify(copy, null, 4));
}

describe("plan digest", () => {
  test.each(["create", "mixed", "destroy", "no-changes"])(
    "%s: the same plan re-serialized (key order, whitespace, change order) digests the same",
    (name) => {
      const plan = load(name);
      expect(planDigest(plan)).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(planDigest(reserialized(plan))).toBe(planDigest(plan));
    },
  );

  test("canonical JSON sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });

  test("any intended change differs: an attribute, an action, an output", () => {
    const plan = load("mixed");
    const base = planDigest(plan);
    const attribute = structuredClone(plan);
    attribute.resource_changes.find(
      (rc: any) => rc.address === "aws_secretsmanager_secret.api",
    ).change.after.description = "another description";
    const action = structuredClone(plan);
    action.resource_changes.find((rc: any) => rc.address === "aws_secretsmanager_secret.legacy").change.actions = [
      "forget",
    ];
    const output = structuredClone(plan);
    output.output_changes.added_arn.actions = ["delete"];
    expect(new Set([base, planDigest(attribute), planDigest(action), planDigest(output)]).size).toBe(4);
  });

  test("a plan that differs only in a sensitive value digests differently, and the value is in no digest output", () => {
    const plan = load("mixed");
    const version = plan.resource_changes.find((rc: any) => rc.address === "aws_secretsmanager_secret_version.api");
    expect(version.change.after_sensitive.secret_string).toBe(true);
    const withCanary = structuredClone(plan);
    withCanary.resource_changes.find(
      (rc: any) => rc.address === "aws_secretsmanager_secret_version.api",
    ).change.after.secret_string = CANARY;
    const digests = [planDigest(plan), planDigest(withCanary)];
    expect(digests[0]).not.toBe(digests[1]);
    expect(JSON.stringify(changeDigests(withCanary))).not.toContain(CANARY);
    // A change with a sensitive value is recorded whole, never attribute by attribute.
    expect(changeDigests(withCanary)["aws_secretsmanager_secret_version.api"].attributes).toBeUndefined();
    expect(changeDigests(withCanary)["aws_secretsmanager_secret.api"].attributes).toBeDefined();
  });

  test("what apply does not act on leaves the digest alone: no-op changes, drift, prior state, timestamps", () => {
    const plan = load("mixed");
    const other = structuredClone(plan);
    other.resource_changes.find((rc: any) => rc.change.actions[0] === "no-op").change.after.description = "refreshed";
    other.resource_drift = [{ address: "aws_kms_key.primary", change: { actions: ["update"] } }];
    other.prior_state = {};
    other.timestamp = "2030-01-01T00:00:00Z";
    expect(planDigest(other)).toBe(planDigest(plan));
  });

  test("throws on a plan of a failed terraform plan (it cannot be applied)", () => {
    expect(() => planDigest({ ...load("mixed"), errored: true }, "p.json")).toThrow(
      /p\.json is the plan of a failed terraform plan/,
    );
  });

  test("the CLI prints one line; bad input is one line, exit 1, without echoing the input", async () => {
    const ok = await runInfra(["plan-digest", join(FIXTURES, "mixed.json")]);
    expect([ok.code, ok.stdout]).toEqual([0, `${planDigest(load("mixed"))}\n`]);
    const bad = await runInfra(["plan-digest", "-"], {}, `{"format_version": "1.2", "resource_changes": [${CANARY}`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^infra: stdin is not valid JSON( \((it ends early \(truncated\?\)|it is malformed|at line \d+, column \d+)\))?; pass the output of `terraform show -json <planfile>`\n$/,
    );
  });
});

describe("verify-plan", () => {
  const plan = load("mixed");
  const record = (over: Partial<ReviewRecord> = {}): ReviewRecord => ({
    version: 1,
    stage: "staging",
    digest: planDigest(plan),
    head: "a".repeat(40),
    allowProtectedDestroy: false,
    changes: changeDigests(plan),
    ...over,
  });

  test("exit 0 when the plan is the reviewed one", () => {
    const create = load("create");
    expect(verifyPlan(create, { digest: planDigest(create), source: "--expect" }, "staging")).toEqual({
      exitCode: 0,
      lines: [`The plan is the one reviewed (--expect): ${planDigest(create)}`],
    });
  });

  test("exit 4 when it differs, naming the address and the attributes, never a value", () => {
    const changed = structuredClone(plan);
    changed.resource_changes.find(
      (rc: any) => rc.address === "aws_secretsmanager_secret.api",
    ).change.after.description = CANARY;
    changed.resource_changes.find(
      (rc: any) => rc.address === "aws_secretsmanager_secret_version.api",
    ).change.after.secret_string = `${CANARY}-2`;
    const verdict = verifyPlan(
      changed,
      { digest: planDigest(plan), source: "the review", record: record() },
      "staging",
    );
    expect(verdict.exitCode).toBe(4);
    expect(verdict.lines).toEqual(
      expect.arrayContaining([
        "  - aws_secretsmanager_secret.api: changes differently (description)",
        "  - aws_secretsmanager_secret_version.api: changes differently (not shown: the change carries a sensitive value)",
      ]),
    );
    expect(verdict.lines.join("\n")).not.toContain(CANARY);
  });

  test("exit 3 when the reviewed plan deletes a protected resource and the review did not allow it; 0 when it did", () => {
    const destroy = load("destroy");
    const digest = planDigest(destroy);
    const refused = verifyPlan(destroy, { digest, source: "the review", record: record({ digest }) }, "staging");
    expect(refused.exitCode).toBe(3);
    expect(refused.lines.join("\n")).toMatch(
      /delete aws_kms_key\.primary: KMS key[\s\S]*add the label `allow-protected-destroy:staging`/,
    );
    expect(
      verifyPlan(
        destroy,
        { digest, source: "the review", record: record({ digest, allowProtectedDestroy: true }) },
        "staging",
      ).exitCode,
    ).toBe(0);
  });

  test("rejects missing or conflicting options and a malformed digest with one line (exit 1)", async () => {
    const file = join(FIXTURES, "mixed.json");
    const cases: Array<[string[], RegExp]> = [
      [["verify-plan", file, "--stage", "staging"], /pass exactly one of --expect <digest> or --from-pr <number>/],
      [["verify-plan", file, "--expect", "sha256:1234"], /--stage: name the stage the plan is for/],
      [
        ["verify-plan", file, "--stage", "staging", "--expect", "md5:abc"],
        /--expect: "md5:abc" is not a digest; write sha256:<64 hex>/,
      ],
      [["verify-plan", file, "--stage", "qa", "--expect", planDigest(plan)], /unknown stage "qa"/],
      [["verify-plan", file, "--stage", "staging", "--from-pr", "x1"], /--from-pr: "x1" is not a pull request number/],
    ];
    for (const [args, message] of cases) {
      const result = await runInfra(args);
      expect([result.code, result.stderr]).toEqual([1, expect.stringMatching(message)]);
      expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    }
  });
});

describe("the reviewed record in the pull request", () => {
  const github = new GitHubApiStandin();
  let octokit: Octokit;
  const repo = { owner: "example-org", repo: "acme-platform" };
  const plan = load("mixed");
  const record: ReviewRecord = {
    version: 1,
    stage: "staging",
    digest: planDigest(plan),
    head: "b".repeat(40),
    run: "https://github.example/run/1",
    allowProtectedDestroy: false,
  };
  const body = (r: ReviewRecord) =>
    `${commentMarker("plan", "staging")}## Terraform plan: staging\n${renderRecord(r)}\n`;

  beforeAll(async () => {
    octokit = new Octokit({ baseUrl: await github.start(), auth: "fake" });
    github.pulls.set(7, { headSha: "b".repeat(40) });
  });
  afterAll(() => github.stop());

  test("the record round-trips through a comment, even with an address containing -->", () => {
    const tricky = { ...record, changes: { 'aws_x.y["a-->b"]': { digest: "0123456789abcdef" } } };
    expect(readRecord(`text ${renderRecord(tricky)} more`)).toEqual(tricky);
    expect(readRecord("<!-- platform-infra:review-record not-base64 -->")).toBeUndefined();
  });

  test("a comment planted by another user with the same marker is ignored; ours is found", async () => {
    github.comments.push({
      id: 1,
      issue: 7,
      body: body({ ...record, digest: `sha256:${"0".repeat(64)}` }),
      user: "mallory",
    });
    await expect(reviewedPlan(octokit, repo, 7, "staging", "github-actions[bot]")).rejects.toThrow(
      /has no plan review of staging by github-actions\[bot\] \(1 comment\(s\) by others carry the marker and are ignored\)/,
    );
    github.comments.push({ id: 2, issue: 7, body: body(record), user: "github-actions[bot]" });
    const found = await reviewedPlan(octokit, repo, 7, "staging", "github-actions[bot]");
    expect(found.record.digest).toBe(record.digest);
  });

  test("a review of an older commit, or of a failed plan, is nothing to apply", async () => {
    github.pulls.set(7, { headSha: "c".repeat(40) });
    await expect(reviewedPlan(octokit, repo, 7, "staging", "github-actions[bot]")).rejects.toThrow(
      /describes commit bbbbbbbbbbbb, but its last commit is cccccccccccc/,
    );
    github.pulls.set(7, { headSha: "b".repeat(40) });
    const { digest: _failed, ...failedRecord } = record;
    github.comments.push({ id: 3, issue: 7, body: body(failedRecord), user: "github-actions[bot]" });
    await expect(reviewedPlan(octokit, repo, 7, "staging", "github-actions[bot]")).rejects.toThrow(
      /the last plan of staging in pull request #7 failed/,
    );
  });
});
