/**
 * BootstrapStack specifies how the stages become the account-wide and repository-wide stack: each stage's protected
 * GitHub environments (their protection decided by its tier and config), the roles that trust exactly those
 * environments (so the environments exist before the roles), the keys and outputs per stage, and the default-branch
 * ruleset requiring the checks by the names the workflows give them. What each construct does with its props is
 * specified in tests/constructs/; the real-Terraform checks are in bootstrap-terraform.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { requiredChecks } from "../../constructs/github/required-checks";
import { STAGE_NAMES } from "../../environments";
import { runStagesCommand } from "../../tools/stages/stages-command";
import { resourcesOf } from "../support/construct-scope";
import { trustAllows } from "../support/iam-conditions";
import { synthBootstrap } from "../support/synth";

const json = synthBootstrap();
const environments = Object.fromEntries(
  resourcesOf(json, "github_repository_environment").map((e) => [e.environment, e]),
);

describe("GitHub environments per stage (their protection follows the tier)", () => {
  test("production: the configured reviewers, no admin bypass, wait timer, protected branches, and production-plan", () => {
    expect(environments.production).toMatchObject({
      reviewers: [{ teams: [1000001], users: [] }],
      prevent_self_review: true,
      can_admins_bypass: false,
      wait_timer: 5,
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
    expect(environments["production-plan"]).toMatchObject({
      reviewers: [{ teams: [1000001], users: [] }],
      can_admins_bypass: false,
    });
  });

  test("staging: only the default branch deploys; development: any branch; neither needs plan approval", () => {
    expect(environments.staging.deployment_branch_policy).toEqual({
      protected_branches: false,
      custom_branch_policies: true,
    });
    expect(environments.development.deployment_branch_policy).toBeUndefined();
    expect(environments.development.can_admins_bypass).toBe(true);
    expect(Object.keys(environments).sort()).toEqual(["development", "production", "production-plan", "staging"]);
  });
});

describe("the roles each stage's environments gate", () => {
  const role = (name: string) => resourcesOf(json, "aws_iam_role").find((r) => r.name === name);
  /** The trust policy with the environment names (tokens of the bootstrap's environments) resolved. */
  const trustOf = (name: string) =>
    String(role(name).assume_role_policy).replace(
      /\$\{github_repository_environment\.([^.]+)\.environment\}/g,
      (_, id: string) => json.resource.github_repository_environment[id].environment,
    );
  const environmentSubject = (environment: string) => ({
    "token.actions.githubusercontent.com:sub": `repo:example-org/acme-platform:environment:${environment}`,
    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
  });

  test.each(STAGE_NAMES)(
    "acme-deploy-%s trusts its stage's environment by naming the environment resource, so bootstrap creates it first",
    (stage) => {
      expect(role(`acme-deploy-${stage}`).assume_role_policy).toMatch(
        /\$\{github_repository_environment\.environment-[a-z]+_environment_[0-9A-F]{8}\.environment\}/,
      );
      expect(trustAllows(trustOf(`acme-deploy-${stage}`), environmentSubject(stage))).toBe(true);
    },
  );

  test("acme-plan-production trusts production-plan, naming that environment resource too", () => {
    expect(role("acme-plan-production").assume_role_policy).toMatch(
      /\$\{github_repository_environment\.environment-production_plan-environment_[0-9A-F]{8}\.environment\}/,
    );
    expect(trustAllows(trustOf("acme-plan-production"), environmentSubject("production-plan"))).toBe(true);
  });

  test("the stack holds the GitHub Actions provider and one Fly.io provider for the stages' organization", () => {
    expect(
      resourcesOf(json, "aws_iam_openid_connect_provider")
        .map((p) => [p.url, p.client_id_list])
        .sort(),
    ).toEqual([
      ["https://oidc.fly.io/example-org", ["sts.amazonaws.com"]],
      ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"]],
    ]);
  });

  test("no role attaches ReadOnlyAccess or any other managed policy: every read is listed", () => {
    expect(json.resource.aws_iam_role_policy_attachment ?? {}).toEqual({});
  });

  test("role ARNs are outputs, per stage, beside the state bucket", () => {
    expect(Object.keys(json.output).sort()).toEqual([
      "deploy_role_arns",
      "fly_role_arns",
      "plan_role_arns",
      "state_bucket",
    ]);
    for (const output of ["deploy_role_arns", "plan_role_arns", "fly_role_arns"])
      expect(Object.keys(json.output[output].value).sort()).toEqual([...STAGE_NAMES].sort());
  });
});

describe("the default-branch ruleset", () => {
  const [ruleset] = resourcesOf(json, "github_repository_ruleset");

  test("lists the required checks by the names plan.yml gives its jobs, for every stage infra stages reports", () => {
    expect(ruleset.repository).toBe("acme-platform");
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
    expect(resourcesOf(json, "github_actions_variable")).toEqual([]);
  });
});
