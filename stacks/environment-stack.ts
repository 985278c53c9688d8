/**
 * One stage's whole platform as one Terraform stack: `cdktf deploy staging` deploys exactly staging.
 * Composition only: providers, the S3 backend and the constructs; resource logic lives in constructs/.
 */
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { S3Backend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { StageConfig } from "../environments";
import { stateBucketName, stateKey, stateKeyAlias } from "../constructs/names";
import { FlyAppConfig } from "../constructs/fly/fly-app-config";
import { StageSecrets } from "../constructs/secrets/stage-secrets";
import { awsProvider } from "./providers";

export interface EnvironmentStackProps {
  /** The validated stage; its name must equal the stack id. */
  readonly stage: StageConfig;
}

export class EnvironmentStack extends TerraformStack {
  public readonly stage: StageConfig;
  public readonly secrets: StageSecrets;
  public readonly fly: FlyAppConfig;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    if (id !== props.stage.name) {
      throw new Error(`EnvironmentStack id "${id}" must equal the stage name "${props.stage.name}"; the id names the state key and never changes`);
    }
    this.stage = props.stage;
    const cfg = props.stage;

    awsProvider(this, cfg, cfg.name);
    new CloudflareProvider(this, "cloudflare", {});
    new GithubProvider(this, "github", { owner: cfg.github.owner });

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
  }
}
