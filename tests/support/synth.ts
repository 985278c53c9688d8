/**
 * Synthesizing stacks in tests: each stage's EnvironmentStack and the bootstrap stack, as parsed Terraform JSON,
 * plus masking of values that change between runs for snapshots.
 */
import { App, Testing } from "cdktf";
import { getStage, STAGE_NAMES, type StageConfig, type StageName } from "../../environments";
import { EnvironmentStack, zoneStagesOf } from "../../stacks/environment-stack";
import { BOOTSTRAP_STACK_ID, BootstrapStack } from "../../stacks/bootstrap-stack";
import type { TerraformJson } from "./terraform-harness";

/** A stage's stack (not synthesized); `overrides` change top-level config fields (e.g. wireSecretConsumers). */
export function stageStack(name: StageName, overrides: Partial<StageConfig> = {}): EnvironmentStack {
  const stage = { ...getStage(name), ...overrides };
  return new EnvironmentStack(Testing.app(), name, {
    stage,
    zoneStages: zoneStagesOf(stage, STAGE_NAMES.map(getStage)),
  });
}

/** A stage's synthesized JSON; `overrides` change top-level config fields (e.g. wireSecretConsumers). */
export function synthStage(name: StageName, overrides: Partial<StageConfig> = {}): TerraformJson {
  return JSON.parse(Testing.synth(stageStack(name, overrides)));
}

export function synthBootstrap(): TerraformJson {
  const app = Testing.app();
  const stack = new BootstrapStack(app, BOOTSTRAP_STACK_ID, { stages: STAGE_NAMES.map(getStage) });
  return JSON.parse(Testing.synth(stack));
}

/** The stack ids of the real app, in the order main.ts creates them. */
export function appStackIds(app: App): string[] {
  return app.node.children.map((c) => c.node.id);
}

/** Replaces values that differ between runs or machines (cdktf version, absolute paths) with placeholders. */
export function maskVolatile(json: TerraformJson): TerraformJson {
  return JSON.parse(
    JSON.stringify(json, (key, value) => {
      if (
        key === "version" &&
        typeof value === "string" &&
        /^\d+\.\d+\.\d+/.test(value) &&
        json["//"]?.metadata?.version === value
      ) {
        return "<cdktf-version>";
      }
      if (typeof value === "string" && value.startsWith("/") && value.includes("/node_modules/")) return "<path>";
      return value;
    }),
  );
}
