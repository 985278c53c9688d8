/**
 * One stage's whole platform as one Terraform stack: `cdktf deploy staging` deploys exactly staging.
 * Composition only: providers, the S3 backend and the constructs; resource logic lives in constructs/.
 */
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { Aspects, S3Backend, TerraformStack } from "cdktf";
import { Guardrails } from "../policies/guardrails";
import type { Construct } from "constructs";
import type { StageConfig } from "../environments";
import { stateBucketName, stateKey, stateKeyAlias } from "../constructs/names";
import { ApiHealthCheck } from "../constructs/cloudflare/api-health-check";
import { EdgeDns } from "../constructs/cloudflare/edge-dns";
import { ZoneEdge } from "../constructs/cloudflare/zone-edge";
import { FlyAppConfig } from "../constructs/fly/fly-app-config";
import { StageEnvironment } from "../constructs/github/stage-environment";
import { StageSecrets } from "../constructs/secrets/stage-secrets";
import { VercelApp } from "../constructs/vercel/vercel-app";
import { VercelProvider } from "../.gen/providers/vercel/provider";
import { awsProvider } from "./providers";

export interface EnvironmentStackProps {
  /** The validated stage; its name must equal the stack id. */
  readonly stage: StageConfig;
  /**
   * Every stage on this stage's Cloudflare zone, for the zone-wide rules when this stage owns the zone.
   * @default - only this stage
   */
  readonly zoneStages?: readonly StageConfig[];
}

/** The stages that share `stage`'s Cloudflare zone (itself included): what its zone-wide rules must cover. */
export function zoneStagesOf(stage: StageConfig, stages: readonly StageConfig[]): StageConfig[] {
  return stages.filter((s) => s.cloudflare.zoneId === stage.cloudflare.zoneId);
}

/** Stages that get an API health check with alerts (development is allowed to be down). */
const MONITORED_STAGES = new Set(["staging", "production"]);

export class EnvironmentStack extends TerraformStack {
  public readonly stage: StageConfig;
  public readonly secrets: StageSecrets;
  public readonly fly: FlyAppConfig;
  public readonly vercel: VercelApp;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    Aspects.of(this).add(new Guardrails());
    if (id !== props.stage.name) {
      throw new Error(`EnvironmentStack id "${id}" must equal the stage name "${props.stage.name}"; the id names the state key and never changes`);
    }
    this.stage = props.stage;
    const cfg = props.stage;

    awsProvider(this, cfg, cfg.name);
    new CloudflareProvider(this, "cloudflare", {});
    new GithubProvider(this, "github", { owner: cfg.github.owner });
    // Reads VERCEL_API_TOKEN from the environment at plan/apply time.
    new VercelProvider(this, "vercel", { team: cfg.vercel.teamId });

    new S3Backend(this, {
      bucket: stateBucketName(cfg),
      key: stateKey(id),
      region: cfg.aws.region,
      encrypt: true,
      kmsKeyId: stateKeyAlias(cfg),
    });
    // Terraform >= 1.10 locks with a lock file next to the state; cdktf 0.21's S3Backend predates the option.
    this.addOverride("terraform.backend.s3.use_lockfile", true);

    this.secrets = new StageSecrets(this, "secrets", { stage: cfg });
    this.fly = new FlyAppConfig(this, "fly", { stage: cfg });

    this.vercel = new VercelApp(this, "vercel-app", { stage: cfg, secrets: this.secrets });
    new StageEnvironment(this, "github-environment", { stage: cfg, secrets: this.secrets, vercelProjectId: this.vercel.project.id });
    new EdgeDns(this, "dns", { stage: cfg });
    if (cfg.cloudflare.ownsZone) new ZoneEdge(this, "zone-edge", { owner: cfg, stages: props.zoneStages ?? [cfg] });
    if (MONITORED_STAGES.has(cfg.name)) new ApiHealthCheck(this, "health", { stage: cfg });
  }
}
