/** A stage named on the command line: the validated config, or a UsageError (exit 1, no stack trace) naming the valid stages. */
import { getStage, type StageConfig } from "../environments";
import { UsageError } from "./usage-error";

export function stageArg(name: string): StageConfig {
  try {
    return getStage(name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
