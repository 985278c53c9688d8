/** A stage named on the command line: the validated config, or a UsageError (exit 1, no stack trace) naming the valid stages. */
import { readdirSync } from "node:fs";
import { basename, extname } from "node:path";
import { projectPath } from "../environments/project-root";
import { UsageError } from "./usage-error";
import type { StageConfig } from "../environments";

export function stageArg(name: string): StageConfig {
  const { getStage } = require("../environments") as typeof import("../environments");
  try {
    return getStage(name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * A stage name checked against the stage files (environments/stages/<name>.ts) without loading and validating the
 * configs, for commands that only label their output with it (plan review of a large plan should not pay for it).
 */
export function stageNameArg(name: string): string {
  const names = readdirSync(projectPath("environments", "stages"))
    .filter((f) => [".ts", ".js"].includes(extname(f)) && !f.endsWith(".d.ts"))
    .map((f) => basename(f, extname(f)))
    .sort();
  if (!names.includes(name))
    throw new UsageError(`unknown stage "${name.slice(0, 60)}"; valid stages are ${names.join(", ")}`);
  return name;
}
