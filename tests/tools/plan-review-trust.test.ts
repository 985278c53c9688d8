/**
 * Plan review you can trust (issue 14): real Terraform 1.11 plans from the fixture generator with planted canaries
 * (a variable whose `sensitive` was removed, a secret string), the `forget` action, the risks that were missed,
 * crash classes as one line, a fuzz of 1,000 mutations, and the risk rules against every real stage.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getStage, STAGE_NAMES } from "../../environments";
import { describeError } from "../../tools/errors";
import { planReview } from "../../tools/plan-review";
import { parsePlanJson, PlanInputError } from "../../tools/plan/plan-json";
import { riskNotes, RISK_RULES } from "../../tools/plan/risks";
import { withoutNegations } from "../../tools/plan/risks/api-caching-enabled";
import { Scrubber } from "../../tools/plan/scrub";
import { summarizePlan } from "../../tools/plan/summarize";
import { CANARIES } from "../fixtures/plans/generate";
import { FAKE } from "../fixtures/fake-credentials";
import { planWith, type BuiltChange } from "../support/plan-builder";
import { everyFormat, reviewOptions as options } from "../support/review-outputs";
import { runInfra } from "../support/run-infra";
import { synthStage } from "../support/synth";

const FIXTURES = join(__dirname, "../fixtures/plans");
const text = (name: string) => readFileSync(join(FIXTURES, `${name}.json`), "utf8");
const ALL_CANARIES = Object.values(CANARIES);
describe("a value that stops being sensitive (real plan: `sensitive = true` removed from a variable)", () => {
  test("the fixture really holds both canaries, and Terraform marks the old side only", () => {
    expect(text("trust")).toContain(CANARIES.unmarkedOld);
    expect(text("trust")).toContain(CANARIES.unmarkedNew);
    const rc = parsePlanJson(text("trust")).resource_changes!.find(
      (r) => r.address === "aws_secretsmanager_secret.trust",
    )!;
    expect([(rc.change.before_sensitive as any).description, (rc.change.after_sensitive as any).description]).toEqual([
      true,
      undefined,
    ]);
  });

  test("both sides are masked, and no canary is in markdown, JSON, a cut comment or the unlimited output", async () => {
    const summary = summarizePlan(parsePlanJson(text("trust")));
    const row = summary.resources
      .find((r) => r.address === "aws_secretsmanager_secret.trust")!
      .attributes.find((a) => a.path === "description");
    expect(row).toMatchObject({ before: "(sensitive)", after: "(sensitive)" });
    for (const out of await everyFormat(text("trust"), 900))
      for (const canary of ALL_CANARIES) expect(out).not.toContain(canary);
  });

  test("nor through the CLI", async () => {
    const result = await runInfra(["plan-review", join(FIXTURES, "trust.json"), "--format", "json"]);
    expect(result.code).toBe(0);
    for (const canary of ALL_CANARIES) expect(result.stdout + result.stderr).not.toContain(canary);
  }, 30_000);

  test("the scrubber catches a sensitive value wherever it appears, in every encoding", () => {
    const scrubber = Scrubber.forPlan(parsePlanJson(text("trust")));
    const value = CANARIES.unmarkedOld;
    expect(scrubber.text(`a ${value} b ${JSON.stringify(value)} c`)).toBe('a (sensitive) b "(sensitive)" c');
    expect(scrubber.text(`${FAKE.githubToken} and ${FAKE.slackWebhook}`)).toBe("(redacted) and (redacted)");
  });
});

describe("forget: `removed { lifecycle { destroy = false } }` (real plan)", () => {
  const summary = summarizePlan(parsePlanJson(text("trust")));

  test("is its own kind, counted apart from Terraform's line, never 'No changes.'", () => {
    expect(summary.counts.forget).toBe(1);
    expect(summary.forgotten.map((r) => r.address)).toEqual(["aws_secretsmanager_secret.kept"]);
    expect(summary.noChanges).toBe(false);
  });

  test("markdown says it will no longer be managed, not destroyed; JSON lists it", async () => {
    const [md, , , json] = await everyFormat(text("trust"), 900);
    expect(md).toContain("1 to forget (no longer managed, not destroyed)");
    expect(md).toMatch(/1 resource will no longer be managed by Terraform, not destroyed/);
    expect(JSON.parse(json).forgotten).toEqual(["aws_secretsmanager_secret.kept"]);
    expect(JSON.parse(json).counts.forget).toBe(1);
  });

  test("a plan whose only change is a forget is not 'No changes.'", () => {
    const doc = JSON.parse(text("trust"));
    doc.resource_changes = doc.resource_changes.filter((r: any) => r.change.actions[0] === "forget");
    doc.output_changes = {};
    const s = summarizePlan(doc);
    expect(s.noChanges).toBe(false);
  });
});

describe("missed risks, now noted (real plans)", () => {
  const notes = riskNotes(parsePlanJson(text("trust")).resource_changes!);
  const ids = (address: string) =>
    notes
      .filter((n) => n.address === address)
      .map((n) => n.rule)
      .sort();

  test("a secret resource policy opened to *", () =>
    expect(ids("aws_secretsmanager_secret_policy.trust")).toEqual(["secret-policy-public"]));
  test("a KMS key policy with Principal * and rotation turned off", () =>
    expect(ids("aws_kms_key.trust")).toEqual(["kms-key-policy-public", "kms-rotation-disabled"]));
  test("an IAM policy of * on *", () => expect(ids("aws_iam_policy.admin")).toEqual(["iam-policy-admin"]));

  test("deleting the GitHub OIDC provider or an S3 public access block is a protected destroy: exit 3", async () => {
    const result = await planReview(text("guards-deleted"), "g", options());
    expect(result.summary.destructive.map((r) => [r.address, Boolean(r.protectedBecause)])).toEqual([
      ["aws_iam_openid_connect_provider.github", true],
      ["aws_s3_bucket_public_access_block.state", true],
    ]);
    expect(result.exitCode).toBe(3);
  });

  test("deleting the repository ruleset is a protected destroy; a deployment branch policy of * is noted (documented plan JSON)", async () => {
    const plan = planWith([
      {
        address: "github_repository_ruleset.main",
        actions: ["delete"],
        before: { name: "main", target: "branch", enforcement: "active" },
        after: null,
      },
      {
        address: "github_repository_environment_deployment_policy.production",
        actions: ["update"],
        before: { environment: "production", branch_pattern: "main" },
        after: { environment: "production", branch_pattern: "*" },
      },
    ]);
    const result = await planReview(JSON.stringify(plan), "gh", options());
    expect(result.exitCode).toBe(3);
    expect(result.summary.risks.map((r) => r.rule)).toEqual(["deployment-branch-policy-any"]);
  });
});

describe("risk notes are built from masked values", () => {
  test("a sensitive DNS target is noted as changed without printing either value", async () => {
    const change: BuiltChange = {
      address: "cloudflare_dns_record.api",
      actions: ["update"],
      before: { name: "api.example.com", type: "CNAME", content: "CANARY-dns-old-target.example.net" },
      after: { name: "api.example.com", type: "CNAME", content: "CANARY-dns-new-target.example.net" },
      before_sensitive: { content: true },
      after_sensitive: { content: true },
    };
    const result = await planReview(JSON.stringify(planWith([change])), "dns", options({ format: "json" }));
    expect(result.summary.risks.map((r) => r.message)).toEqual([
      "DNS target of api.example.com changes from (sensitive) to (sensitive)",
    ]);
    expect(result.output).not.toMatch(/CANARY-dns/);
  });
});

describe("api-caching-enabled reads the expression, not a substring", () => {
  const cacheRuleset = (rules: object[]) => ({ phase: "http_request_cache_settings", kind: "zone", rules });
  const note = (rules: object[]) =>
    riskNotes(
      planWith([
        {
          address: "cloudflare_ruleset.cache",
          actions: ["update"],
          before: cacheRuleset([]),
          after: cacheRuleset(rules),
        },
      ]).resource_changes!,
    ).map((n) => n.rule);

  test("the app's own static-assets rule (which excludes /api/) is not a risk", () => {
    const synthesized = Object.values(synthStage("production").resource.cloudflare_ruleset).find(
      (r: any) => r.phase === "http_request_cache_settings",
    ) as any;
    expect(synthesized).toBeDefined();
    expect(note(synthesized.rules)).toEqual([]);
  });

  test("a rule caching the API host is noted", () => {
    expect(
      note([
        {
          expression: 'http.host eq "api.example.com"',
          action: "set_cache_settings",
          enabled: true,
          action_parameters: { cache: true },
        },
      ]),
    ).toEqual(["api-caching-enabled"]);
  });

  test("negated groups are removed, nested parentheses included", () => {
    expect(withoutNegations("a and not (b or (c)) and d")).toBe("a and   and d");
  });
});

describe("every real stage's synthesized config, as a create plan, gets no risk note", () => {
  test.each(STAGE_NAMES)("%s", (name) => {
    const resources = (synthStage(name).resource ?? {}) as Record<string, Record<string, unknown>>;
    const changes: BuiltChange[] = Object.entries(resources).flatMap(([type, byName]) =>
      Object.entries(byName).map(([id, config]) => ({
        address: `${type}.${id}`,
        actions: ["create"],
        before: null,
        after: config,
      })),
    );
    expect(changes.length).toBeGreaterThan(10);
    expect(riskNotes(planWith(changes).resource_changes!)).toEqual([]);
  });

  test("the README's risk table lists every rule id, and only those", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const table = readme.slice(readme.indexOf("<!-- risk-rules -->"), readme.indexOf("<!-- /risk-rules -->"));
    const listed = [...table.matchAll(/^\| `([a-z-]+)` +\|/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(RISK_RULES.map((r) => r.id).sort());
    expect(getStage("production").name).toBe("production");
  });
});

describe("crash classes are one line, exit 1, no stack trace, no echoed bytes", () => {
  const base = () => JSON.parse(text("mixed"));
  const cases: Array<[string, (doc: any) => unknown]> = [
    [
      "resource_changes of the wrong type",
      (d) => {
        d.resource_changes = "nope";
      },
    ],
    [
      "an element without change.actions",
      (d) => {
        delete d.resource_changes[0].change.actions;
      },
    ],
    [
      "output_changes: null",
      (d) => {
        d.output_changes = null;
      },
    ],
    [
      "a drift element without change",
      (d) => {
        d.resource_drift = [{ address: "x.y", mode: "managed", type: "x" }];
      },
    ],
    [
      "an unknown action",
      (d) => {
        d.resource_changes[0].change.actions = ["explode"];
      },
    ],
  ];
  test.each(cases)("%s", async (_name, mutate) => {
    const doc = base();
    mutate(doc);
    await expect(planReview(JSON.stringify(doc), "plan.json", options())).rejects.toBeInstanceOf(PlanInputError);
  });

  test("a malformed element inside resource_changes never echoes the plan's bytes", async () => {
    const secretTail = "CANARY-tail-of-a-secret-0c9d";
    const broken = text("mixed").replace(
      '"resource_changes": [',
      `"resource_changes": [{"address": "${secretTail}" ,,`,
    );
    const dir = mkdtempSync(join(tmpdir(), "plan-trust-"));
    writeFileSync(join(dir, "broken.json"), broken);
    const result = await runInfra(["plan-review", join(dir, "broken.json")]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toContain("CANARY");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  test("AWS SDK errors say what to do", () => {
    expect(
      describeError(
        Object.assign(new Error("Secrets Manager can't find the specified secret."), {
          name: "ResourceNotFoundException",
          $metadata: { httpStatusCode: 400 },
        }),
        {},
      ),
    ).toMatch(/^the secret does not exist in AWS Secrets Manager: deploy the stage first/);
    expect(
      describeError(
        Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
        {},
      ),
    ).toMatch(/^no AWS credentials: /);
    expect(describeError(Object.assign(new Error("boom"), { name: "TypeError" }), {})).toBe(
      "unexpected error: boom (set INFRA_DEBUG=1 for the stack trace)",
    );
  });

  test("--github-comment context problems are one line", async () => {
    await expect(planReview(text("create"), "c", options({ githubComment: true }), {})).rejects.toThrow(
      /^GITHUB_REPOSITORY and INFRA_NOTIFY_TOKEN are not set/,
    );
    const dir = mkdtempSync(join(tmpdir(), "plan-trust-"));
    writeFileSync(join(dir, "event.json"), "{ nope");
    await expect(
      planReview(text("create"), "c", options({ githubComment: true }), {
        GITHUB_REPOSITORY: "o/r",
        INFRA_NOTIFY_TOKEN: "t",
        GITHUB_EVENT_PATH: join(dir, "event.json"),
      }),
    ).rejects.toThrow(/^GITHUB_EVENT_PATH: .* is not a JSON object/);
    await expect(
      planReview(text("create"), "c", options({ githubComment: true }), {
        GITHUB_REPOSITORY: "o/r",
        INFRA_NOTIFY_TOKEN: "t",
        GITHUB_EVENT_PATH: join(dir, "missing.json"),
      }),
    ).rejects.toThrow(/^GITHUB_EVENT_PATH: cannot read/);
  });

  test("a stage argument that looks like an option is checked as a stage after --, before any file is read", async () => {
    const result = await runInfra(["drift", "--", "--plan-json=/etc/passwd"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^infra: unknown stage "--plan-json=\/etc\/passwd"; valid stages are/);
    expect(result.stderr).not.toContain("root:");
  }, 30_000);

  test("--github-issue with --plan-json needs --stage", async () => {
    const result = await runInfra([
      "drift",
      "--plan-json",
      join(FIXTURES, "refresh-only-drift.json"),
      "--github-issue",
    ]);
    expect([result.code, result.stderr.trim()]).toEqual([
      1,
      "infra: --github-issue with --plan-json needs --stage: the issue is per stage",
    ]);
  }, 30_000);
});

describe("fuzz: 1,000 random mutations of the fixture plans", () => {
  /** A small deterministic PRNG so a failure can be replayed. */
  function rng(seed: number) {
    return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  }
  const REPLACEMENTS = [
    null,
    0,
    -1,
    "",
    "x",
    "CANARY-fuzz-value",
    [],
    {},
    true,
    ["create"],
    ["delete", "create"],
    ["forget"],
    { actions: "no" },
    1e308,
  ];

  test("every run either reviews the plan or throws one of our own input errors, and no canary is ever printed", async () => {
    const random = rng(14);
    const sources = ["mixed", "trust", "refresh-only-drift", "guards-deleted"].map((n) => JSON.parse(text(n)));
    let reviewed = 0,
      rejected = 0;
    for (let i = 0; i < 1000; i++) {
      const doc = structuredClone(sources[i % sources.length]);
      // Walk to a random node and drop, replace or retype one of its fields.
      for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
        let node: any = doc;
        for (let depth = 0; depth < 6; depth++) {
          const keys = node && typeof node === "object" ? Object.keys(node) : [];
          if (keys.length === 0) break;
          const key = keys[Math.floor(random() * keys.length)];
          if (random() < 0.35 || typeof node[key] !== "object" || node[key] === null) {
            const r = random();
            if (r < 0.33) delete node[key];
            else node[key] = REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)];
            break;
          }
          node = node[key];
        }
      }
      try {
        const result = await planReview(
          JSON.stringify(doc),
          "fuzz.json",
          options({ format: i % 2 ? "json" : "markdown", maxChars: i % 3 === 0 ? 2000 : 65_000 }),
        );
        expect([0, 3]).toContain(result.exitCode);
        for (const canary of ALL_CANARIES) expect(result.output).not.toContain(canary);
        reviewed++;
      } catch (error) {
        const line = describeError(error, {});
        if (!(error instanceof PlanInputError))
          throw new Error(`mutation ${i}: ${line}\n${(error as Error).stack}`, { cause: error });
        expect(line.split("\n")).toHaveLength(1);
        for (const canary of ALL_CANARIES) expect(line).not.toContain(canary);
        rejected++;
      }
    }
    expect(reviewed + rejected).toBe(1000);
    expect(reviewed).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  }, 300_000);
});
