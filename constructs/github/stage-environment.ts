/**
 * A stage's GitHub deployment environment: who must approve (production: the configured reviewers, no
 * self-review, an optional wait timer), which branches may deploy (production: protected branches; staging: the
 * default branch; development: any), the environment secrets of every catalogue secret GitHub consumes (valued
 * from Secrets Manager at plan time, never a literal) and the non-secret wiring a deploy workflow needs.
 * GitHub provider 6.9 has no write-only secret attribute, so secret values sit in the encrypted remote state.
 * @see https://registry.terraform.io/providers/integrations/github/6.9.0/docs/resources/repository_environment
 */
import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { ActionsEnvironmentSecret } from "@cdktf/provider-github/lib/actions-environment-secret";
import { ActionsEnvironmentVariable } from "@cdktf/provider-github/lib/actions-environment-variable";
import { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { RepositoryEnvironmentDeploymentPolicy } from "@cdktf/provider-github/lib/repository-environment-deployment-policy";
import { Construct } from "constructs";
import { secretEnvName, type StageConfig } from "../../environments";
import { roleArn } from "../iam-policy";
import { deployRoleName } from "../identity/role-names";
import type { StageSecrets } from "../secrets/stage-secrets";

export interface StageEnvironmentProps {
  readonly stage: StageConfig;
  readonly secrets: StageSecrets;
  /** The stage's Vercel project id (a token of the project in the same stack). */
  readonly vercelProjectId: string;
}

export class StageEnvironment extends Construct {
  public readonly environment: RepositoryEnvironment;
  public readonly variables: Readonly<Record<string, ActionsEnvironmentVariable>>;
  public readonly secrets: readonly ActionsEnvironmentSecret[];

  constructor(scope: Construct, id: string, props: StageEnvironmentProps) {
    super(scope, id);
    const { stage } = props;
    const { github } = stage;
    const reviewerCount = github.reviewers.users.length + github.reviewers.teams.length;
    if (stage.name === "production" && reviewerCount === 0) {
      throw new Error("production.github.reviewers: {\"users\":[],\"teams\":[]} has no reviewer; production deployments need at least one required reviewer");
    }

    this.environment = new RepositoryEnvironment(this, "environment", {
      repository: github.repository,
      environment: stage.name,
      preventSelfReview: reviewerCount > 0,
      canAdminsBypass: stage.name !== "production",
      ...(github.waitTimerMinutes > 0 ? { waitTimer: github.waitTimerMinutes } : {}),
      ...(reviewerCount > 0 ? { reviewers: [{ users: [...github.reviewers.users], teams: [...github.reviewers.teams] }] } : {}),
      ...(github.deploymentBranches === "protected" ? { deploymentBranchPolicy: { protectedBranches: true, customBranchPolicies: false } } : {}),
      ...(github.deploymentBranches === "default" ? { deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true } } : {}),
    });
    if (github.deploymentBranches === "default") {
      new RepositoryEnvironmentDeploymentPolicy(this, "default-branch-only", {
        repository: github.repository,
        environment: this.environment.environment,
        branchPattern: github.defaultBranch,
      });
    }

    const wiring: Record<string, string> = {
      AWS_ROLE_ARN: roleArn(stage, deployRoleName(stage, stage.name)),
      AWS_REGION: stage.aws.region,
      STAGE: stage.name,
      VERCEL_ORG_ID: stage.vercel.teamId,
      VERCEL_PROJECT_ID: props.vercelProjectId,
      FLY_APP: stage.fly.app,
    };
    this.variables = Object.fromEntries(Object.entries(wiring).map(([name, value]) => [name, new ActionsEnvironmentVariable(this, `variable-${name}`, {
      repository: github.repository,
      environment: this.environment.environment,
      variableName: name,
      value,
    })]));

    const secrets: ActionsEnvironmentSecret[] = [];
    if (stage.wireSecretConsumers) {
      for (const spec of stage.secrets.filter((s) => s.consumers.includes("github"))) {
        const current = new DataAwsSecretsmanagerSecretVersion(this, `value-${spec.name}`, { secretId: props.secrets.secrets[spec.name]!.secret.arn });
        secrets.push(new ActionsEnvironmentSecret(this, `secret-${spec.name}`, {
          repository: github.repository,
          environment: this.environment.environment,
          secretName: secretEnvName(spec),
          plaintextValue: current.secretString,
        }));
      }
    }
    this.secrets = secrets;
  }
}
