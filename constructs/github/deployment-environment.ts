/**
 * A stage's protected GitHub environments, created by the bootstrap stack before any role trusts them (GitHub
 * creates a missing environment, unprotected, the first time a workflow names it, so the protection must exist
 * first, and a stage deploy must never be able to loosen the gate in front of its own role):
 * - the deployment environment `<stage>`: required reviewers (no self-review), an optional wait timer, which
 *   branches may deploy (protected branches, only the default branch, or any) and whether admins may bypass;
 * - for a stage whose pull-request plans need approval, `<stage>-plan`: the same reviewers must approve a pull
 *   request's plan run before it can assume the stage's plan role; any branch (pull-request refs) may ask.
 * @see https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_environment
 */
import { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { RepositoryEnvironmentDeploymentPolicy } from "@cdktf/provider-github/lib/repository-environment-deployment-policy";
import { Construct } from "constructs";
import { deployEnvironmentName, planEnvironmentName } from "../names";

export interface DeploymentEnvironmentProps {
  /** Repository name (the provider's `owner` names the owner). */
  readonly repository: string;
  readonly stage: string;
  /** Numeric GitHub user and team ids whose approval a deployment (and an approved plan) needs. */
  readonly reviewers: { readonly users: readonly number[]; readonly teams: readonly number[] };
  /** @default 0 */
  readonly waitTimerMinutes?: number;
  /** Which branches may deploy: protected branches, only the default branch, or any branch. */
  readonly deploymentBranches: "protected" | "default" | "any";
  readonly defaultBranch: string;
  /** Whether repository admins may bypass the protection rules. */
  readonly adminsMayBypass: boolean;
  /** Create `<stage>-plan`, whose approval pull-request plans of this stage need. */
  readonly planApproval: boolean;
}

export class DeploymentEnvironment extends Construct {
  public readonly environment: RepositoryEnvironment;
  public readonly planEnvironment?: RepositoryEnvironment;

  constructor(scope: Construct, id: string, props: DeploymentEnvironmentProps) {
    super(scope, id);
    const reviewerCount = props.reviewers.users.length + props.reviewers.teams.length;
    if (props.planApproval && reviewerCount === 0) {
      throw new Error(
        `DeploymentEnvironment ${props.stage}: plan approval needs at least one reviewer; without one the ${planEnvironmentName(props.stage)} environment would approve nothing`,
      );
    }
    const reviewers =
      reviewerCount > 0
        ? { reviewers: [{ users: [...props.reviewers.users], teams: [...props.reviewers.teams] }] }
        : {};

    this.environment = new RepositoryEnvironment(this, "environment", {
      repository: props.repository,
      environment: deployEnvironmentName(props.stage),
      preventSelfReview: reviewerCount > 0,
      canAdminsBypass: props.adminsMayBypass,
      ...((props.waitTimerMinutes ?? 0) > 0 ? { waitTimer: props.waitTimerMinutes } : {}),
      ...reviewers,
      ...(props.deploymentBranches === "protected"
        ? { deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false } }
        : {}),
      ...(props.deploymentBranches === "default"
        ? { deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true } }
        : {}),
    });
    if (props.deploymentBranches === "default") {
      new RepositoryEnvironmentDeploymentPolicy(this, "default-branch-only", {
        repository: props.repository,
        environment: this.environment.environment,
        branchPattern: props.defaultBranch,
      });
    }
    if (props.planApproval) {
      this.planEnvironment = new RepositoryEnvironment(this, "plan-environment", {
        repository: props.repository,
        environment: planEnvironmentName(props.stage),
        preventSelfReview: true,
        canAdminsBypass: false,
        ...reviewers,
      });
    }
  }
}
