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
