/**
 * Protection of the repository itself, once (it is not per stage): a ruleset on the default branch requiring a
 * pull request with an approval and stale-review dismissal, the status checks by the names the workflows use,
 * linear history, and no force pushes or deletions. It lives in the bootstrap stack, beside the roles and
 * environments it guards: all are set up once by an administrator and change rarely, and a stage deploy must never
 * be able to loosen the rules that guard its own pull requests. (The workflows find each stage's roles by name from
 * `infra stages --format json`, so no repository variable carries an ARN.)
 * @see https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_ruleset
 */
import { RepositoryRuleset } from "@cdktf/provider-github/lib/repository-ruleset";
import { Construct } from "constructs";

export interface RepositoryProtectionProps {
  /** Repository name (the provider's `owner` names the owner). */
  readonly repository: string;
  /** Status checks every pull request must pass, by the job names the workflows give them. */
  readonly requiredChecks: readonly string[];
}

export class RepositoryProtection extends Construct {
  public readonly ruleset: RepositoryRuleset;

  constructor(scope: Construct, id: string, props: RepositoryProtectionProps) {
    super(scope, id);
    this.ruleset = new RepositoryRuleset(this, "default-branch", {
      repository: props.repository,
      name: "protect the default branch",
      target: "branch",
      enforcement: "active",
      conditions: { refName: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: {
        pullRequest: {
          requiredApprovingReviewCount: 1,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: true,
          requiredReviewThreadResolution: true,
        },
        requiredStatusChecks: {
          strictRequiredStatusChecksPolicy: true,
          requiredCheck: props.requiredChecks.map((context) => ({ context })),
        },
        requiredLinearHistory: true,
        nonFastForward: true,
        deletion: true,
      },
    });
  }
}
