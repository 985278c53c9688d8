/**
 * DeploymentEnvironment specifies a stage's protected GitHub environments: the deployment environment `<stage>` with
 * its required reviewers (no self-review), optional wait timer, the branches that may deploy (protected branches,
 * only the default branch through a deployment policy, or any) and whether admins may bypass it; and, when pull-
 * request plans need approval, `<stage>-plan`, which the same reviewers must approve, without admin bypass.
 */
import { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { RepositoryEnvironmentDeploymentPolicy } from "@cdktf/provider-github/lib/repository-environment-deployment-policy";
import { Testing } from "cdktf";
import {
  DeploymentEnvironment,
  type DeploymentEnvironmentProps,
} from "../../../constructs/github/deployment-environment";
import { resourcesOf } from "../../support/construct-scope";

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
const NO_REVIEWERS = { users: [], teams: [] };
const synth = (props: Partial<DeploymentEnvironmentProps> = {}) =>
  Testing.synthScope((scope) => void new DeploymentEnvironment(scope, "gate", { ...GATE, ...props }));
const environments = (out: string) =>
  Object.fromEntries(resourcesOf(JSON.parse(out), "github_repository_environment").map((e) => [e.environment, e]));

describe("DeploymentEnvironment", () => {
  test("gates <stage> with its reviewers, no self-review, the wait timer, protected branches and no admin bypass", () => {
    expect(environments(synth()).production).toEqual({
      repository: "acme-platform",
      environment: "production",
      reviewers: [{ teams: [1000001], users: [] }],
      prevent_self_review: true,
      can_admins_bypass: false,
      wait_timer: 5,
      deployment_branch_policy: { protected_branches: true, custom_branch_policies: false },
    });
  });

  test("with plan approval, adds <stage>-plan, which the same reviewers approve, open to pull-request refs", () => {
    expect(environments(synth())["production-plan"]).toEqual({
      repository: "acme-platform",
      environment: "production-plan",
      reviewers: [{ teams: [1000001], users: [] }],
      prevent_self_review: true,
      can_admins_bypass: false,
    });
  });

  test("without plan approval, declares no <stage>-plan environment", () => {
    expect(Object.keys(environments(synth({ planApproval: false })))).toEqual(["production"]);
  });

  test("lets only the default branch deploy through a deployment policy that names it", () => {
    const out = synth({ deploymentBranches: "default", planApproval: false, reviewers: NO_REVIEWERS });
    expect(environments(out).production.deployment_branch_policy).toEqual({
      protected_branches: false,
      custom_branch_policies: true,
    });
    expect(out).toHaveResourceWithProperties(RepositoryEnvironmentDeploymentPolicy, {
      repository: "acme-platform",
      branch_pattern: "main",
      environment: expect.stringMatching(/^\$\{github_repository_environment\..*\.environment\}$/),
    });
  });

  test("lets a team's approval gate a default-branch-only deployment and its -plan environment", () => {
    const out = synth({ reviewers: { users: [], teams: [42] }, deploymentBranches: "default" });
    expect(out).toHaveResourceWithProperties(RepositoryEnvironment, {
      environment: "production",
      prevent_self_review: true,
      can_admins_bypass: false,
      reviewers: [{ teams: [42], users: [] }],
    });
    expect(out).toHaveResourceWithProperties(RepositoryEnvironment, { environment: "production-plan" });
    expect(out).toHaveResourceWithProperties(RepositoryEnvironmentDeploymentPolicy, { branch_pattern: "main" });
  });

  test("lets any branch deploy, with no reviewer, no wait timer by default, and admins bypassing, when told so", () => {
    const { waitTimerMinutes: _default, ...props } = GATE;
    const out = Testing.synthScope(
      (scope) =>
        void new DeploymentEnvironment(scope, "gate", {
          ...props,
          stage: "development",
          reviewers: NO_REVIEWERS,
          deploymentBranches: "any",
          adminsMayBypass: true,
          planApproval: false,
        }),
    );
    expect(environments(out)).toEqual({
      development: {
        repository: "acme-platform",
        environment: "development",
        prevent_self_review: false,
        can_admins_bypass: true,
      },
    });
    expect(JSON.parse(out).resource.github_repository_environment_deployment_policy).toBeUndefined();
  });

  test("throws when plan approval has no reviewer to approve", () => {
    expect(() => synth({ reviewers: NO_REVIEWERS })).toThrow(
      /^DeploymentEnvironment production: plan approval needs at least one reviewer; without one the production-plan environment would approve nothing/,
    );
  });
});
