/**
 * GitHub Actions → AWS through OIDC (account-wide, in the bootstrap stack): the token.actions.githubusercontent.com
 * provider and, per stage, two roles:
 * - `<app>-deploy-<stage>`, trusted only for `repo:<owner>/<repo>:environment:<stage>` (the stage's protected
 *   deployment environment);
 * - `<app>-plan-<stage>`, read-only, trusted for the default branch (scheduled drift checks run reviewed code) and
 *   for pull requests: directly when the stage's pull-request plans are `open`, or only in the `<stage>-plan`
 *   environment, after a required reviewer approves the run, when they need `approval` (production).
 * The roles live here, not in the stage stacks, because a stage's roles must exist before that stage deploys, and
 * each trust subject is built from the protected environment's own name so the environment is created first: GitHub
 * creates a missing environment, unprotected, the first time a workflow names it.
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyJson, webIdentityTrustPolicy } from "../iam-policy";
import { deployRoleName, GITHUB_OIDC_HOST, githubSubject, planRoleName, STS_AUDIENCE } from "../names";
import { deployPolicy, planPolicy, type StageAccessProps } from "./stage-policies";

export interface GitHubStageAccess extends StageAccessProps {
  /** Name of the stage's deployment environment (a token of the environment resource, so it is created first). */
  readonly deployEnvironment: string;
  /**
   * Name of the environment whose approval lets a pull request plan this stage (a token of that environment).
   * @default - pull requests plan this stage without approval
   */
  readonly planEnvironment?: string;
}

export interface GitHubActionsIdentityProps {
  /** `owner/name` of the repository whose workflows may assume the roles. */
  readonly repository: string;
  /** The default branch: scheduled drift checks on it may assume the plan roles. */
  readonly defaultBranch: string;
  readonly stages: readonly GitHubStageAccess[];
}

/** The GitHub OIDC trust conditions for a list of token subjects. */
export function githubTrustPolicy(providerArn: string, subjects: readonly string[]): string {
  return webIdentityTrustPolicy("GitHubActionsOidc", providerArn, {
    StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: [...subjects] },
  });
}

export class GitHubActionsIdentity extends Construct {
  public readonly provider: IamOpenidConnectProvider;
  public readonly deployRoles: Readonly<Record<string, IamRole>>;
  public readonly planRoles: Readonly<Record<string, IamRole>>;

  constructor(scope: Construct, id: string, props: GitHubActionsIdentityProps) {
    super(scope, id);
    const { repository } = props;
    this.provider = new IamOpenidConnectProvider(this, "github-oidc", {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [STS_AUDIENCE],
    });

    const deployRoles: Record<string, IamRole> = {};
    const planRoles: Record<string, IamRole> = {};
    for (const stage of props.stages) {
      const deploy = new IamRole(this, `deploy-role-${stage.stage}`, {
        name: deployRoleName(stage.app, stage.stage),
        description: `Deploys the ${stage.stage} stage from its GitHub environment`,
        maxSessionDuration: 3600,
        assumeRolePolicy: githubTrustPolicy(this.provider.arn, [
          githubSubject.environment(repository, stage.deployEnvironment),
        ]),
      });
      new IamRolePolicy(this, `deploy-policy-${stage.stage}`, {
        role: deploy.id,
        name: `deploy-${stage.stage}`,
        policy: policyJson(...deployPolicy(stage)),
      });

      const pullRequests = stage.planEnvironment
        ? githubSubject.environment(repository, stage.planEnvironment)
        : githubSubject.pullRequest(repository);
      const plan = new IamRole(this, `plan-role-${stage.stage}`, {
        name: planRoleName(stage.app, stage.stage),
        description: `Read-only: plans ${stage.stage} for pull requests${stage.planEnvironment ? " (after approval)" : ""} and scheduled drift checks`,
        maxSessionDuration: 3600,
        assumeRolePolicy: githubTrustPolicy(this.provider.arn, [
          pullRequests,
          githubSubject.branch(repository, props.defaultBranch),
        ]),
      });
      new IamRolePolicy(this, `plan-policy-${stage.stage}`, {
        role: plan.id,
        name: `plan-${stage.stage}`,
        policy: policyJson(...planPolicy(stage)),
      });
      deployRoles[stage.stage] = deploy;
      planRoles[stage.stage] = plan;
    }
    this.deployRoles = deployRoles;
    this.planRoles = planRoles;
  }
}
