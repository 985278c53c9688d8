/**
 * A stage's AWS half applied with real Terraform and the real AWS provider to the local AWS emulator:
 * the shared setup of the secrets end-to-end test and the drift end-to-end test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StageName } from "../../environments";
import { terraform } from "../../tools/terraform";
import { AwsEmulator, emulatorProviderOverrides } from "./aws-emulator";
import { synthStage } from "./synth";
import { awsPart, TerraformWorkdir } from "./terraform-harness";

/** Credentials and endpoint for SDK clients and terraform pointed at the emulator. */
export function emulatorEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "emulator-access-key",
    AWS_SECRET_ACCESS_KEY: "emulator-secret-key",
    AWS_REGION: "eu-west-1",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

export class EmulatedStage {
  readonly emulator = new AwsEmulator();
  workdir!: TerraformWorkdir;

  constructor(readonly stage: StageName) {}

  /** Starts the emulator and writes the stage's AWS half, provider pointed at the emulator, into a workdir. */
  async start(): Promise<void> {
    const endpoint = await this.emulator.start();
    const config = awsPart(synthStage(this.stage));
    config.provider.aws = config.provider.aws.map((p: Record<string, unknown>) => ({ ...p, ...emulatorProviderOverrides(endpoint) }));
    this.workdir = new TerraformWorkdir(config, `infra-e2e-${this.stage}-`);
    await terraform(["init", "-input=false", "-no-color"], this.workdir.dir);
  }

  async apply(): Promise<string> {
    return terraform(["apply", "-auto-approve", "-input=false", "-no-color"], this.workdir.dir);
  }

  env(): NodeJS.ProcessEnv {
    return emulatorEnv(this.emulator.endpoint);
  }

  stateText(): string {
    return readFileSync(join(this.workdir.dir, "terraform.tfstate"), "utf8");
  }

  async stop(): Promise<void> {
    this.workdir?.dispose();
    await this.emulator.stop();
  }
}
