/**
 * The `bootstrap` stack: what the account and the repository need before any stage can deploy, and what no stage
 * deploy may change. The state bucket; per stage, the keys that encrypt its secrets and its state and the roles
 * that deploy it, plan it and run its machines (GitHub Actions and Fly.io OIDC); the GitHub environments that gate
 * those roles (created before the roles that trust them); and the repository's default-branch ruleset. Only this
 * stack administers keys and roles. It keeps its own state in a local file at the project root (it creates the
 * bucket the others use); after the first apply, migrate it into the bucket as the README describes.
 */
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { Aspects, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { StageConfig } from "../environments";
import { TIER_POLICY } from "../environments/tiers";
import { DeploymentEnvironment } from "../constructs/github/deployment-environment";
import { RepositoryProtection } from "../constructs/github/repository-protection";
import { requiredChecks } from "../constructs/github/required-checks";
import { FlyIdentity } from "../constructs/identity/fly-identity";
import { GitHubActionsIdentity } from "../constructs/identity/github-actions-identity";
import { StageKeys } from "../constructs/identity/stage-keys";
import type { StageAccessProps } from "../constructs/identity/stage-policies";
import { stateBucketName } from "../constructs/names";
import { StateBucket } from "../constructs/state/state-bucket";
import { Guardrails } from "../policies/guardrails";
import { awsProvider, requireTerraform } from "./providers";

/** The bootstrap stack's id; it names its state and never changes. */
export const BOOTSTRAP_STACK_ID = "bootstrap";

/** Where bootstrap keeps its state, relative to its synthesized directory (cdktf.out/stacks/bootstrap): the project root. */
export const BOOTSTRAP_STATE_PATH = "../../../terraform.bootstrap.tfstate";

export interface BootstrapStackProps {
  /** Every stage. They must share the app name, AWS account and region, and GitHub repository. */
  readonly stages: readonly StageConfig[];
}

/** The settings every stage must agree on for one bootstrap to serve them all. */
function sharedConfig(stages: readonly StageConfig[]): StageConfig {
  const [first, ...rest] = stages;
  if (!first) throw new Error("the bootstrap stack needs at least one stage");
  const key = (s: StageConfig) =>
    JSON.stringify([s.app, s.aws, s.github.owner, s.github.repository, s.github.defaultBranch]);
  const odd = rest.find((s) => key(s) !== key(first));
  if (odd) {
    throw new Error(
      `${odd.name}: app, aws and github repository differ from ${first.name}; one bootstrap serves one app in one account and repository, so make them equal`,
    );
  }
  return first;
}

/** A stage as the identity layer sees it. */
export function stageAccess(stage: StageConfig): StageAccessProps {
  return {
    app: stage.app,
    accountId: stage.aws.accountId,
    region: stage.aws.region,
    stage: stage.name,
    bucket: stateBucketName(stage.app, stage.aws.accountId),
    secrets: stage.secrets,
  };
}

export class BootstrapStack extends TerraformStack {
  public readonly state: StateBucket;
  public readonly github: GitHubActionsIdentity;
  public readonly fly: FlyIdentity;
  public readonly keys: Readonly<Record<string, StageKeys>>;
  public readonly environments: Readonly<Record<string, DeploymentEnvironment>>;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    Aspects.of(this).add(new Guardrails());
    const cfg = sharedConfig(props.stages);
    new LocalBackend(this, { path: BOOTSTRAP_STATE_PATH });
    requireTerraform(this);
    awsProvider(this, cfg, "shared");
    // Reads GITHUB_TOKEN (repository administration) from the environment at apply time.
    new GithubProvider(this, "github", { owner: cfg.github.owner });

    const account = { app: cfg.app, accountId: cfg.aws.accountId, region: cfg.aws.region };
    this.state = new StateBucket(this, "state", { ...account, stages: props.stages.map((s) => s.name) });

    const environments: Record<string, DeploymentEnvironment> = {};
    for (const stage of props.stages) {
      const policy = TIER_POLICY[stage.tier];
      environments[stage.name] = new DeploymentEnvironment(this, `environment-${stage.name}`, {
        repository: stage.github.repository,
        stage: stage.name,
        reviewers: stage.github.reviewers,
        waitTimerMinutes: stage.github.waitTimerMinutes,
        deploymentBranches: stage.github.deploymentBranches,
        defaultBranch: stage.github.defaultBranch,
        adminsMayBypass: policy.adminsMayBypass,
        planApproval: stage.github.pullRequestPlans === "approval",
      });
    }
    this.environments = environments;

    this.github = new GitHubActionsIdentity(this, "github-actions", {
      repository: `${cfg.github.owner}/${cfg.github.repository}`,
      defaultBranch: cfg.github.defaultBranch,
      stages: props.stages.map((stage) => {
        const gate = environments[stage.name];
        return {
          ...stageAccess(stage),
          deployEnvironment: gate.environment.environment,
          ...(gate.planEnvironment ? { planEnvironment: gate.planEnvironment.environment } : {}),
        };
      }),
    });
    this.fly = new FlyIdentity(this, "fly", {
      stages: props.stages.map((stage) => ({ ...stageAccess(stage), flyOrg: stage.fly.org, flyApp: stage.fly.app })),
    });
    this.keys = Object.fromEntries(
      props.stages.map((stage) => [
        stage.name,
        new StageKeys(this, `keys-${stage.name}`, {
          access: stageAccess(stage),
          roles: {
            deploy: this.github.deployRoles[stage.name].arn,
            plan: this.github.planRoles[stage.name].arn,
            fly: this.fly.roles[stage.name].arn,
          },
        }),
      ]),
    );

    new RepositoryProtection(this, "repository", {
      repository: cfg.github.repository,
      requiredChecks: requiredChecks(props.stages.map((s) => s.name)),
    });

    new TerraformOutput(this, "state_bucket", { value: this.state.bucket.bucket });
    const byStage = (pick: (stage: string) => string) =>
      Object.fromEntries(props.stages.map((s) => [s.name, pick(s.name)]));
    new TerraformOutput(this, "deploy_role_arns", { value: byStage((s) => this.github.deployRoles[s].arn) });
    new TerraformOutput(this, "plan_role_arns", { value: byStage((s) => this.github.planRoles[s].arn) });
    new TerraformOutput(this, "fly_role_arns", { value: byStage((s) => this.fly.roles[s].arn) });
  }
}
