/**
 * Protection of the repository itself, once (it is not per stage): a ruleset on the default branch requiring a
 * pull request with an approval and stale-review dismissal, the status checks by the names the workflows use,
 * linear history, and no force pushes or deletions; plus the repository-level Actions variables the plan and
 * drift workflows read (the plan role). It lives in the bootstrap stack, beside the plan role it points to:
 * both are set up once by an administrator and change rarely, and a stage deploy must never be able to loosen
 * the rules that guard its own pull requests.
 * @see https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_ruleset
 */
import { ActionsVariable } from "@cdktf/provider-github/lib/actions-variable";
import { RepositoryRuleset } from "@cdktf/provider-github/lib/repository-ruleset";
import { Construct } from "constructs";
import type { StageConfig } from "../../environments";
import { REQUIRED_CHECKS } from "./required-checks";

export interface RepositoryProtectionProps {
  readonly config: Pick<StageConfig, "github" | "aws">;
  /** ARN of the read-only plan role (a token of the role in the same stack). */
  readonly planRoleArn: string;
}

export class RepositoryProtection extends Construct {
  public readonly ruleset: RepositoryRuleset;

  constructor(scope: Construct, id: string, props: RepositoryProtectionProps) {
    super(scope, id);
    const { github, aws } = props.config;
    this.ruleset = new RepositoryRuleset(this, "default-branch", {
      repository: github.repository,
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
          requiredCheck: REQUIRED_CHECKS.map((context) => ({ context })),
        },
        requiredLinearHistory: true,
        nonFastForward: true,
        deletion: true,
      },
    });
    new ActionsVariable(this, "plan-role", { repository: github.repository, variableName: "AWS_PLAN_ROLE_ARN", value: props.planRoleArn });
    new ActionsVariable(this, "region", { repository: github.repository, variableName: "AWS_REGION", value: aws.region });
  }
}
