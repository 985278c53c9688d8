/**
 * One stage's whole platform as one Terraform stack: `cdktf deploy staging` deploys exactly staging.
 * Composition only: providers, the S3 backend, and the mapping of the stage's config to each construct's props;
 * resource logic lives in constructs/. What the stage gets follows from its config and its tier, never its name.
 */
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { Aspects, S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { StageConfig } from "../environments";
import { TIER_POLICY } from "../environments/tiers";
import { ApiHealthCheck } from "../constructs/cloudflare/api-health-check";
import { EdgeDns } from "../constructs/cloudflare/edge-dns";
import { ZoneEdge } from "../constructs/cloudflare/zone-edge";
import type { ZoneStage } from "../constructs/cloudflare/zone-stage";
import { FlyAppConfig } from "../constructs/fly/fly-app-config";
import { EnvironmentVariables } from "../constructs/github/environment-variables";
import type { FlyAppProps } from "../constructs/fly/fly-toml";
import {
  deployEnvironmentName,
  deployRoleName,
  flyRoleName,
  kmsAliasArn,
  roleArn,
  secretPrefix,
  stateBucketName,
  stateKey,
  stateKeyAlias,
} from "../constructs/names";
import { StageSecrets } from "../constructs/secrets/stage-secrets";
import { VercelApp, type VercelAppProps } from "../constructs/vercel/vercel-app";
import { secretEnvName } from "../environments/types";
import { VercelProvider } from "../.gen/providers/vercel/provider";
import { Guardrails } from "../policies/guardrails";
import { forgetMovedOut } from "./moved-out";
import { awsProvider, requireTerraform } from "./providers";
import { writeStackFiles } from "./stack-files";

export interface EnvironmentStackProps {
  /** The validated stage; its name must equal the stack id. */
  readonly stage: StageConfig;
  /** Every stage on this stage's Cloudflare zone (itself included): the zone owner's stack declares rules for all. */
  readonly zoneStages: readonly StageConfig[];
}

/** Where a stage's config lives, for comments in what it generates. */
const sourceOf = (stage: StageConfig) => `environments/stages/${stage.name}.ts`;

/** The API's health-check path: the Fly check's, else /health. */
const healthPath = (stage: StageConfig) => stage.fly.healthCheck?.path ?? "/health";

export function flyProps(stage: StageConfig): FlyAppProps {
  const { fly } = stage;
  return {
    app: fly.app,
    primaryRegion: fly.primaryRegion,
    extraRegions: fly.extraRegions,
    machinesPerRegion: fly.machinesPerRegion,
    build: fly.build,
    vm: fly.vm,
    http: fly.http,
    ...(fly.healthCheck ? { healthCheck: fly.healthCheck } : {}),
    deploy: fly.deploy,
    env: fly.env,
    platformEnv: {
      AWS_REGION: stage.aws.region,
      // Fly machines exchange their OIDC token for this role's credentials (AWS_WEB_IDENTITY_TOKEN_FILE is set by Fly).
      AWS_ROLE_ARN: roleArn(stage.aws.accountId, flyRoleName(stage.app, stage.name)),
      SECRETS_PREFIX: secretPrefix(stage.app, stage.name),
      STAGE: stage.name,
    },
    source: sourceOf(stage),
  };
}

function vercelProps(stage: StageConfig, secrets: StageSecrets): VercelAppProps {
  const { vercel, github } = stage;
  return {
    teamId: vercel.teamId,
    projectName: vercel.projectName,
    framework: vercel.framework,
    nodeVersion: vercel.nodeVersion,
    ...(vercel.rootDirectory ? { rootDirectory: vercel.rootDirectory } : {}),
    ...(vercel.buildCommand ? { buildCommand: vercel.buildCommand } : {}),
    ...(vercel.installCommand ? { installCommand: vercel.installCommand } : {}),
    repository: `${github.owner}/${github.repository}`,
    productionBranch: github.defaultBranch,
    protectPreviews: vercel.protectPreviews,
    ...(vercel.trustedIps ? { trustedIps: vercel.trustedIps } : {}),
    domains: vercel.domains,
    apexDomain: stage.cloudflare.domain,
    env: vercel.env,
    envSource: sourceOf(stage),
    secretVariables: stage.wireSecretConsumers
      ? stage.secrets
          .filter((s) => s.consumers.includes("vercel"))
          .map((spec) => ({ envName: secretEnvName(spec), secret: secrets.secrets[spec.name] }))
      : [],
    secretTargets: vercel.previewsGetSecrets ? ["production", "preview"] : ["production"],
    ...(vercel.apiRateLimit ? { apiRateLimit: vercel.apiRateLimit } : {}),
  };
}

export function zoneStage(stage: StageConfig): ZoneStage {
  return {
    name: stage.name,
    frontendHosts: stage.vercel.domains,
    apiHostname: stage.cloudflare.apiHostname,
    healthPath: healthPath(stage),
    headers: {
      contentSecurityPolicy: stage.security.contentSecurityPolicy,
      permissionsPolicy: stage.security.permissionsPolicy,
      hstsPreload: stage.security.hstsPreload,
    },
    apiRateLimit: stage.security.apiRateLimit,
  };
}

/** The stages that share `stage`'s Cloudflare zone (itself included): what its zone-wide rules must cover. */
export function zoneStagesOf(stage: StageConfig, stages: readonly StageConfig[]): StageConfig[] {
  return stages.filter((s) => s.cloudflare.zoneId === stage.cloudflare.zoneId);
}

export class EnvironmentStack extends TerraformStack {
  public readonly stage: StageConfig;
  public readonly secrets: StageSecrets;
  public readonly fly: FlyAppConfig;
  public readonly vercel: VercelApp;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    Aspects.of(this).add(new Guardrails());
    if (id !== props.stage.name) {
      throw new Error(
        `EnvironmentStack id "${id}" must equal the stage name "${props.stage.name}"; the id names the state key and never changes`,
      );
    }
    this.stage = props.stage;
    const cfg = props.stage;
    const tier = TIER_POLICY[cfg.tier];
    const account = { app: cfg.app, accountId: cfg.aws.accountId, region: cfg.aws.region };

    requireTerraform(this);
    awsProvider(this, cfg, cfg.name);
    new CloudflareProvider(this, "cloudflare", {});
    new GithubProvider(this, "github", { owner: cfg.github.owner });
    // Reads VERCEL_API_TOKEN from the environment at plan/apply time.
    new VercelProvider(this, "vercel", { team: cfg.vercel.teamId });

    new S3Backend(this, {
      bucket: stateBucketName(cfg.app, cfg.aws.accountId),
      key: stateKey(id),
      region: cfg.aws.region,
      encrypt: true,
      kmsKeyId: kmsAliasArn(account, stateKeyAlias(cfg.app, cfg.name)),
    });
    // Terraform >= 1.10 locks with a lock file next to the state; cdktf 0.21's S3Backend predates the option.
    this.addOverride("terraform.backend.s3.use_lockfile", true);

    this.secrets = new StageSecrets(this, "secrets", {
      ...account,
      stage: cfg.name,
      secrets: cfg.secrets,
      recoveryWindowInDays: tier.secretRecoveryWindowDays,
    });
    this.fly = new FlyAppConfig(this, "fly", flyProps(cfg));
    writeStackFiles(this, () => this.fly.files);
    this.vercel = new VercelApp(this, "vercel-app", vercelProps(cfg, this.secrets));

    new EnvironmentVariables(this, "github-environment", {
      repository: cfg.github.repository,
      environment: deployEnvironmentName(cfg.name),
      variables: {
        AWS_ROLE_ARN: roleArn(cfg.aws.accountId, deployRoleName(cfg.app, cfg.name)),
        AWS_REGION: cfg.aws.region,
        STAGE: cfg.name,
        VERCEL_ORG_ID: cfg.vercel.teamId,
        VERCEL_PROJECT_ID: this.vercel.project.id,
        FLY_APP: cfg.fly.app,
      },
    });
    new EdgeDns(this, "dns", {
      zoneId: cfg.cloudflare.zoneId,
      apexDomain: cfg.cloudflare.domain,
      frontendHosts: cfg.vercel.domains,
      apiHostname: cfg.cloudflare.apiHostname,
      apiTarget: `${cfg.fly.app}.fly.dev`,
      proxied: cfg.cloudflare.proxied,
      owner: `${cfg.app} ${cfg.name}`,
    });
    if (cfg.cloudflare.ownsZone) {
      new ZoneEdge(this, "zone-edge", {
        zoneId: cfg.cloudflare.zoneId,
        apexDomain: cfg.cloudflare.domain,
        staticAssetTtlSeconds: cfg.cloudflare.staticAssetTtlSeconds,
        stages: props.zoneStages.map(zoneStage),
      });
    }
    if (tier.healthCheck) {
      new ApiHealthCheck(this, "health", {
        accountId: cfg.cloudflare.accountId,
        zoneId: cfg.cloudflare.zoneId,
        name: `${cfg.app}-${cfg.name}`,
        hostname: cfg.cloudflare.apiHostname,
        path: healthPath(cfg),
        emails: cfg.alerts.emails,
        webhooks: cfg.wireSecretConsumers
          ? cfg.alerts.webhooks.map((hook) => ({ name: hook.name, secret: this.secrets.secrets[hook.secret] }))
          : [],
      });
    }

    // Moved to the bootstrap stack (keys, the gated environment) or out of Terraform (GitHub secret values).
    forgetMovedOut(this, [
      { type: "aws_kms_key", path: ["secrets", "key"] },
      { type: "aws_kms_alias", path: ["secrets", "key-alias"] },
      { type: "github_repository_environment", path: ["github-environment", "environment"] },
      { type: "github_repository_environment_deployment_policy", path: ["github-environment", "default-branch-only"] },
      ...cfg.secrets
        .filter((s) => s.consumers.includes("github"))
        .map((s) => ({ type: "github_actions_environment_secret", path: ["github-environment", `secret-${s.name}`] })),
    ]);
  }
}
