/**
 * GitHub: a deployment environment per stage with its protection rules, secrets valued from Secrets Manager,
 * the wiring variables a deploy workflow needs, and the default-branch ruleset (in bootstrap) requiring the
 * checks by the same names the workflows use.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { getStage, parseStage, STAGES, STAGE_NAMES } from "../../environments";
import { StageEnvironment } from "../../constructs/github/stage-environment";
import { REQUIRED_CHECKS } from "../../constructs/github/required-checks";
import { StageSecrets } from "../../constructs/secrets/stage-secrets";
import { synthBootstrap, synthStage } from "../support/synth";

const all = (json: any, type: string) => Object.values(json.resource?.[type] ?? {}) as any[];
const one = (json: any, type: string) => all(json, type)[0];

describe("deployment environments", () => {
  test("production: the configured reviewers, no self-review, wait timer, protected branches only", () => {
    expect(one(synthStage("production"), "github_repository_environment")).toMatchObject({
      repository: "acme-platform",
      environment: "production",
      reviewers: [{ teams: [1000001], users: [] }],
      prevent_self_review: true,
      can_admins_bypass: false,
      wait_timer: 5,
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
  });

  test("staging: only the default branch may deploy", () => {
    const json = synthStage("staging");
    expect(one(json, "github_repository_environment").deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    expect(one(json, "github_repository_environment_deployment_policy")).toMatchObject({ branch_pattern: "main", environment: expect.stringMatching(/github_repository_environment\..*\.environment/) });
  });

  test("development: open to any branch", () => {
    const env = one(synthStage("development"), "github_repository_environment");
    expect(env.deployment_branch_policy).toBeUndefined();
    expect(env.reviewers).toBeUndefined();
  });

  test("throws when production would have no reviewers, in config and in the construct", () => {
    const cfg = structuredClone(STAGES.production) as any;
    cfg.github.reviewers = { users: [], teams: [] };
    expect(() => parseStage(cfg)).toThrow(/production\.github\.reviewers: .* has no reviewer/);
    const stack = new TerraformStack(Testing.app(), "production");
    const secrets = new StageSecrets(stack, "secrets", { stage: getStage("production") });
    expect(() => new StageEnvironment(stack, "env", { stage: cfg, secrets, vercelProjectId: "prj" })).toThrow(/production\.github\.reviewers: .* has no reviewer/);
  });
});

describe("secrets and variables", () => {
  test.each(STAGE_NAMES)("%s: every GitHub secret's value references its Secrets Manager secret, never a literal", (stage) => {
    const json = synthStage(stage);
    const secrets = all(json, "github_actions_environment_secret");
    const consumed = getStage(stage).secrets.filter((s) => s.consumers.includes("github"));
    expect(secrets.map((s) => s.secret_name)).toEqual(consumed.map((s) => s.name.toUpperCase().replace(/-/g, "_")));
    for (const s of secrets) {
      const data = /^\$\{data\.aws_secretsmanager_secret_version\.([^.]+)\.secret_string\}$/.exec(s.plaintext_value)![1]!;
      const secretAddress = /^\$\{aws_secretsmanager_secret\.([^.]+)\.arn\}$/.exec(json.data.aws_secretsmanager_secret_version[data].secret_id)![1]!;
      expect(json.resource.aws_secretsmanager_secret[secretAddress].name).toBe(`acme/${stage}/error-tracking-auth-token`);
    }
  });

  test.each(STAGE_NAMES)("%s: variables carry the stage's deploy role ARN and the rest of the wiring", (stage) => {
    const vars = Object.fromEntries(all(synthStage(stage), "github_actions_environment_variable").map((v) => [v.variable_name, v.value]));
    expect(vars).toEqual({
      AWS_ROLE_ARN: `arn:aws:iam::000000000000:role/acme-deploy-${stage}`,
      AWS_REGION: "eu-west-1",
      STAGE: stage,
      VERCEL_ORG_ID: "team_000000000000000000000000",
      VERCEL_PROJECT_ID: expect.stringMatching(/^\$\{vercel_project\..*\.id\}$/),
      FLY_APP: getStage(stage).fly.app,
    });
  });

  test("with wireSecretConsumers false, no GitHub secret reads Secrets Manager", () => {
    const json = synthStage("staging", { wireSecretConsumers: false });
    expect(all(json, "github_actions_environment_secret")).toEqual([]);
    expect(json.data?.aws_secretsmanager_secret_version).toBeUndefined();
  });
});

describe("default-branch protection (bootstrap stack)", () => {
  const json = synthBootstrap();
  const ruleset = one(json, "github_repository_ruleset");

  test("requires a reviewed pull request, dismisses stale reviews, linear history, no force pushes or deletion", () => {
    expect(ruleset).toMatchObject({
      target: "branch",
      enforcement: "active",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: {
        pull_request: { required_approving_review_count: 1, dismiss_stale_reviews_on_push: true },
        required_linear_history: true,
        non_fast_forward: true,
        deletion: true,
      },
    });
  });

  test("lists the required checks by the same names the workflows give their jobs", () => {
    const required = ruleset.rules.required_status_checks.required_check.map((c: any) => c.context);
    expect(required).toEqual([...REQUIRED_CHECKS]);
    const plan = readFileSync(join(__dirname, "../../.github/workflows/plan.yml"), "utf8");
    const jobNames = [...plan.matchAll(/^ {4}name: (.+)$/gm)].map((m) => m[1]!.trim());
    const stages = /stage: \[([^\]]+)\]/.exec(plan)![1]!.split(",").map((s) => s.trim());
    const workflowChecks = jobNames.flatMap((n) => (n.includes("${{ matrix.stage }}") ? stages.map((s) => n.replace("${{ matrix.stage }}", s)) : [n]));
    expect(workflowChecks.sort()).toEqual([...required].sort());
  });

  test("the plan role is a repository Actions variable", () => {
    const vars = Object.fromEntries(all(json, "github_actions_variable").map((v) => [v.variable_name, v.value]));
    expect(vars).toEqual({ AWS_PLAN_ROLE_ARN: expect.stringMatching(/^\$\{aws_iam_role\..*plan-role.*\.arn\}$/), AWS_REGION: "eu-west-1" });
  });
});
