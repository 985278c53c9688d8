/**
 * The app's stacks for a list of stages: one EnvironmentStack per stage (stack id = stage name, with the stages
 * on its Cloudflare zone for the zone-wide rules) and the bootstrap stack. main.ts declares them for the stages of
 * environments/stages/; tests declare them for stage lists of their own.
 */
import type { Construct } from "constructs";
import type { StageConfig } from "../environments";
import { BOOTSTRAP_STACK_ID, BootstrapStack } from "./bootstrap-stack";
import { EnvironmentStack, zoneStagesOf } from "./environment-stack";

export interface AppStacks {
  readonly stages: Readonly<Record<string, EnvironmentStack>>;
  readonly bootstrap: BootstrapStack;
}

export function declareStacks(app: Construct, stages: readonly StageConfig[]): AppStacks {
  return {
    stages: Object.fromEntries(
      stages.map((stage) => [
        stage.name,
        new EnvironmentStack(app, stage.name, { stage, zoneStages: zoneStagesOf(stage, stages) }),
      ]),
    ),
    bootstrap: new BootstrapStack(app, BOOTSTRAP_STACK_ID, { stages }),
  };
}
