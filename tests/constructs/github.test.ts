/**
 * GitHub: the protected environments that gate each stage's roles (bootstrap), the wiring variables a deploy
 * workflow needs (stage), no secret value anywhere in Terraform, and the default-branch ruleset (bootstrap)
 * requiring the checks by the same names the workflows use.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { runStagesCommand } from "../../tools/stages/stages-command";
import { getStage, parseStage, STAGES, STAGE_NAMES } from "../../environments";
import { DeploymentEnvironment, type DeploymentEnvironmentProps } from "../../constructs/github/deployment-environment";
import { EnvironmentVariables } from "../../constructs/github/environment-variables";
import { requiredChecks } from "../../constructs/github/required-checks";
import { synthBootstrap, synthStage } from "../support/synth";

const all = (json: any, type: string) => Object.values<any>(json.resource?.[type] ?? {});
const one = (json: any, type: string) => all(json, type)[0];

const GATE: DeploymentEnvironmentProps = {
  repository: "acme-platform",
  stage: "production",
  reviewers: { users: [], teams: [1000001] },
  waitTimerMinutes: 5,
  deploymentBranches: "protected",
  defaultBranch: "main",
  adminsMayBypass: false,
  planApproval: true,
};
const gate = (props: Partial<DeploymentEnvironmentProps> = {}) =>
  JSON.parse(Testing.synthScope((scope) => void new DeploymentEnvironment(scope, "gate", { ...GATE, ...props })));
const environments = (json: any) =>
  Object.fromEntries(all(json, "github_repository_environment").map((e) => [e.environment, e]));

describe("DeploymentEnvironment", () => {
  test("the deployment environment: reviewers, no self-review, wait timer, protected branches, no admin bypass", () => {
    expect(environments(gate()).production).toEqual({
      repository: "acme-platform",
      environment: "production",
      reviewers: [{ teams: [1000001], users: [] }],
      prevent_self_review: true,
      can_admins_bypass: false,
      wait_timer: 5,
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
  });

  test("with plan approval, a <stage>-plan environment that the same reviewers must approve, open to pull-request refs", () => {
    expect(environments(gate())["production-plan"]).toEqual({
      repository: "acme-platform",
      environment: "production-plan",
      reviewers: [{ teams: [1000001], users: [] }],
      prevent_self_review: true,
      can_admins_bypass: false,
    });
    expect(environments(gate({ planApproval: false }))["production-plan"]).toBeUndefined();
  });

  test("default-branch deployments add a deployment policy for the default branch", () => {
    const json = gate({ deploymentBranches: "default", planApproval: false, reviewers: { users: [], teams: [] } });
    expect(environments(json).production.deployment_branch_policy).toEqual({
      protected_branches: false,
      custom_branch_policies: true,
    });
    expect(one(json, "github_repository_environment_deployment_policy")).toMatchObject({
      branch_pattern: "main",
      environment: expect.stringMatching(/github_repository_environment\..*\.environment/),
    });
  });

  test("throws when plan approval has no reviewer to approve", () => {
    expect(() => gate({ reviewers: { users: [], teams: [] } })).toThrow(/plan approval needs at least one reviewer/);
  });
});

describe("bootstrap environments per stage (their protection follows the tier)", () => {
  const envs = environments(synthBootstrap());

  test("production: the configured reviewers, no admin bypass, wait timer, protected branches, and production-plan", () => {
    expect(envs.production).toMatchObject({
      reviewers: [{ teams: [1000001], users: [] }],
      prevent_self_review: true,
      can_admins_bypass: false,
      wait_timer: 5,
    });
    expect(envs["production-plan"]).toMatchObject({
      reviewers: [{ teams: [1000001], users: [] }],
      can_admins_bypass: false,
    });
  });

  test("staging: only the default branch deploys; development: any branch; neither needs plan approval", () => {
    expect(envs.staging.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    expect(envs.development.deployment_branch_policy).toBeUndefined();
    expect(envs.development.can_admins_bypass).toBe(true);
    expect(Object.keys(envs).sort()).toEqual(["development", "production", "production-plan", "staging"]);
  });

  test("throws when a production-tier stage would have no reviewers (config validation)", () => {
    const cfg = structuredClone(STAGES.production) as any;
    cfg.github.reviewers = { users: [], teams: [] };
    expect(() => parseStage(cfg)).toThrow(
      /production\.github\.reviewers: .* has no reviewer; a production stage's deployments need at least one required reviewer/,
    );
  });
});

describe("stage wiring variables", () => {
  test("EnvironmentVariables sets each variable in the named environment", () => {
    const json = JSON.parse(
      Testing.synthScope(
        (scope) =>
          void new EnvironmentVariables(scope, "vars", {
            repository: "r",
            environment: "staging",
            variables: { A: "1", B: "2" },
          }),
      ),
    );
    expect(all(json, "github_actions_environment_variable")).toEqual([
      { repository: "r", environment: "staging", variable_name: "A", value: "1" },
      { repository: "r", environment: "staging", variable_name: "B", value: "2" },
    ]);
  });

  test.each(STAGE_NAMES)(
    "%s: variables carry the stage's deploy role ARN and the rest of the wiring; the environment itself is bootstrap's",
    (stage) => {
      const json = synthStage(stage);
      const vars = Object.fromEntries(
        all(json, "github_actions_environment_variable").map((v) => [v.variable_name, v.value]),
      );
      expect(vars).toEqual({
        AWS_ROLE_ARN: `arn:aws:iam::000000000000:role/acme-deploy-${stage}`,
        AWS_REGION: "eu-west-1",
        STAGE: stage,
        VERCEL_ORG_ID: "team_000000000000000000000000",
        VERCEL_PROJECT_ID: expect.stringMatching(/^\$\{vercel_project\..*\.id\}$/),
        FLY_APP: getStage(stage).fly.app,
      });
      for (const v of all(json, "github_actions_environment_variable")) expect(v.environment).toBe(stage);
      expect(json.resource.github_repository_environment).toBeUndefined();
    },
  );

  test.each(STAGE_NAMES)(
    "%s: no GitHub secret is managed by Terraform (infra secrets sync-github delivers them)",
    (stage) => {
      expect(all(synthStage(stage), "github_actions_environment_secret")).toEqual([]);
    },
  );
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

  test("lists the required checks by the names plan.yml gives its jobs, for every stage infra stages reports", () => {
    const required = ruleset.rules.required_status_checks.required_check.map((c: any) => c.context);
    expect(required).toEqual(requiredChecks(STAGE_NAMES));
    const plan = parse(readFileSync(join(__dirname, "../../.github/workflows/plan.yml"), "utf8")) as {
      jobs: Record<string, { name: string; strategy?: unknown }>;
    };
    const stages = (JSON.parse(runStagesCommand("json")).stages as Array<{ name: string }>).map((s) => s.name);
    // Every job whose status GitHub reports (the select job is a helper and not required).
    const checks = Object.entries(plan.jobs)
      .filter(([id]) => id !== "select")
      .flatMap(([, job]) =>
        job.name.includes("${{ matrix.stage }}")
          ? stages.map((s) => job.name.replace("${{ matrix.stage }}", s))
          : [job.name],
      );
    expect(checks.sort()).toEqual([...required].sort());
  });

  test("no repository variable carries a role ARN (workflows derive them from infra stages)", () => {
    expect(all(json, "github_actions_variable")).toEqual([]);
  });
});
