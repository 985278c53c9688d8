/**
 * A stage's AWS half applied with real Terraform and the real AWS provider to the local AWS emulator:
 * the shared setup of the secrets end-to-end test and the drift end-to-end test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StageName } from "../../environments";
import { secretsKeyAlias, stateKeyAlias } from "../../constructs/names";
import { terraform } from "../../tools/terraform";
import { AwsEmulator, emulatorEnv, emulatorProviderOverrides } from "./aws-emulator";
import { synthBootstrap, synthStage } from "./synth";
import { awsPart, type TerraformJson } from "./terraform-harness";

/**
 * The bootstrap stack's keys of one stage (its secrets key and state key with their aliases and policies), with the
 * role references in the key policies written as the ARNs bootstrap would create (the emulator checks no principal).
 */
export function stageKeysPart(bootstrap: TerraformJson, stage: string): TerraformJson {
  const part = awsPart(bootstrap);
  const app = Object.values(part.resource.aws_iam_role as Record<string, { name: string }>)[0].name.split("-")[0];
  const wanted = new Set([secretsKeyAlias(app, stage), stateKeyAlias(app, stage)]);
  const aliases = Object.fromEntries(
    Object.entries(part.resource.aws_kms_alias as Record<string, { name: string; target_key_id: string }>).filter(
      ([, a]) => wanted.has(a.name),
    ),
  );
  const keyAddresses = Object.values(aliases).map((a) => /^\$\{aws_kms_key\.([^.]+)\./.exec(a.target_key_id)![1]);
  const keys = Object.fromEntries(keyAddresses.map((address) => [address, part.resource.aws_kms_key[address]]));
  const roleArn = (address: string) => `arn:aws:iam::000000000000:role/${part.resource.aws_iam_role[address].name}`;
  const text = JSON.stringify({ aws_kms_key: keys, aws_kms_alias: aliases }).replace(
    /\$\{aws_iam_role\.([^.]+)\.arn\}/g,
    (_, address: string) => roleArn(address),
  );
  const resource = JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
  for (const key of Object.values(resource.aws_kms_key ?? {})) delete key.lifecycle; // the test tears down
  return {
    terraform: part.terraform,
    provider: {
      aws: part.provider.aws.map((p: Record<string, unknown>) => ({ ...p, ...emulatorProviderOverrides() })),
    },
    resource,
  };
}

/**
 * The stage's directory is `<root>/stacks/<stage>`, the layout `infra drift --stacks-dir` expects, so the
 * drift command runs on it exactly as on `cdktf.out/stacks`.
 */
export class EmulatedStage {
  readonly emulator: AwsEmulator;
  readonly root: string;
  readonly stacksDir: string;
  readonly dir: string;
  config: TerraformJson = {};

  constructor(
    readonly stage: StageName,
    emulator?: AwsEmulator,
  ) {
    this.emulator = emulator ?? new AwsEmulator();
    this.root = mkdtempSync(join(tmpdir(), `infra-e2e-${stage}-`));
    this.stacksDir = join(this.root, "stacks");
    this.dir = join(this.stacksDir, stage);
    mkdirSync(this.dir, { recursive: true });
  }

  /**
   * Starts the emulator (unless shared and running), applies the stage's keys as the bootstrap stack declares them
   * (bootstrap owns every key; the stage finds its own by alias), and writes the stage's AWS half, pointed at it.
   * A new stage deploys first with `wireSecretConsumers: false` (its secrets have no values yet), as the README
   * describes.
   */
  async start(wireSecretConsumers = false): Promise<void> {
    if (!this.emulator.endpoint) await this.emulator.start();
    const keysDir = join(this.root, "bootstrap-keys");
    mkdirSync(keysDir, { recursive: true });
    writeFileSync(join(keysDir, "main.tf.json"), JSON.stringify(stageKeysPart(synthBootstrap(), this.stage), null, 2));
    await terraform(["init", "-input=false", "-no-color"], keysDir, this.env());
    await terraform(["apply", "-auto-approve", "-input=false", "-no-color"], keysDir, this.env());
    this.useConfig(wireSecretConsumers);
    await terraform(["init", "-input=false", "-no-color"], this.dir, this.env());
  }

  /** Rewrites the stage's AWS half with or without the Secrets Manager consumers wired. */
  useConfig(wireSecretConsumers: boolean): void {
    this.config = awsPart(synthStage(this.stage, { wireSecretConsumers }));
    this.config.provider.aws = this.config.provider.aws.map((p: Record<string, unknown>) => ({
      ...p,
      ...emulatorProviderOverrides(),
    }));
    this.writeConfig();
  }

  writeConfig(): void {
    writeFileSync(join(this.dir, "main.tf.json"), JSON.stringify(this.config, null, 2));
  }

  /**
   * Applies like the deploy workflow: one `apply`, no blind `apply -refresh-only` after it. The attributes one
   * resource sets on another (a secret's `policy`, set by its aws_secretsmanager_secret_policy) are expected drift
   * the drift report ignores with a reason (tools/drift/ignore.ts, PLATFORM_EXPECTED_DRIFT).
   */
  async apply(): Promise<string> {
    return terraform(["apply", "-auto-approve", "-input=false", "-no-color"], this.dir, this.env());
  }

  /** What every terraform or CLI run against this stage needs: the emulator's endpoint and fake credentials. */
  env(): NodeJS.ProcessEnv {
    return emulatorEnv(this.emulator.endpoint);
  }

  stateText(): string {
    return readFileSync(join(this.dir, "terraform.tfstate"), "utf8");
  }

  async stop(stopEmulator = true): Promise<void> {
    rmSync(this.root, { recursive: true, force: true });
    if (stopEmulator) await this.emulator.stop();
  }
}
