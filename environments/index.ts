/**
 * The stages: `STAGES` (by name), `STAGE_NAMES`, `getStage(name)` and `parseStage(input)`. The set of stages is the
 * set of files in environments/stages/ (environments/load.ts); loading validates each stage alone and all of them
 * together, and fails with every problem at once, each by its dotted path.
 */
import { loadStages } from "./load";
import type { StageConfig } from "./types";

export { StageConfigError, StageConfigErrors, type StageConfigIssue } from "./errors";
export { loadStages, STAGES_DIR } from "./load";
export { parseStage } from "./parse-stage";
export {
  secretEnvName,
  type StageConfig,
  type StageConfigInput,
  type StageFileInput,
  type StageName,
  type SecretSpec,
  type Tier,
} from "./types";
export { TIER_POLICY, TIERS, tierDefaults, type TierPolicy } from "./tiers";

/** Every stage of environments/stages/, validated, in promotion order. */
export const STAGE_LIST: readonly StageConfig[] = loadStages();

/** The names of the stages, in promotion order. */
export const STAGE_NAMES: readonly string[] = STAGE_LIST.map((s) => s.name);

/** The stages by name. */
export const STAGES: Readonly<Record<string, StageConfig>> = Object.fromEntries(STAGE_LIST.map((s) => [s.name, s]));

/** A stage by name; an unknown name lists the valid ones. */
export function getStage(name: string): StageConfig {
  const stage = Object.hasOwn(STAGES, name) ? STAGES[name] : undefined;
  if (!stage) throw new Error(`unknown stage "${name}"; valid stages are ${STAGE_NAMES.join(", ")}`);
  return stage;
}
