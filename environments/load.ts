/**
 * Loading the stages: the set of stages is the set of files in environments/stages/ (adding a stage is adding one
 * file). Each file default-exports its config without the platform facts; the loader checks that the file is named
 * after its stage and sets no platform fact, merges environments/platform.ts in, validates the stage (parseStage),
 * then checks the rules across stages. Every problem is reported at once, by path, in one StageConfigErrors.
 */
import { readdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { describeZodIssue, dottedPath, StageConfigError, StageConfigErrors, type StageConfigIssue } from "./errors";
import { crossStageIssues } from "./cross-stage-rules";
import { parseStage } from "./parse-stage";
import { projectPath } from "./project-root";
import { platform as examplePlatform } from "./platform";
import { PLATFORM_PATHS, PlatformSchema, type PlatformInput, type StageConfig } from "./types";

/** Where the stage files are. */
export const STAGES_DIR = projectPath("environments", "stages");

/** The stage files of a folder: every `<name>.ts` or `<name>.js` (not declarations), by name. */
export function stageFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => [".ts", ".js"].includes(extname(f)) && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => join(dir, f));
}

function has(value: unknown, path: string): boolean {
  let node = value;
  for (const key of path.split(".")) {
    if (typeof node !== "object" || node === null || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** A stage file's config with the platform facts merged in. */
function withPlatform(stage: Record<string, any>, facts: PlatformInput): Record<string, unknown> {
  return {
    ...stage,
    app: facts.app,
    aws: facts.aws,
    github: { ...(stage.github ?? {}), ...facts.github },
    cloudflare: { ...(stage.cloudflare ?? {}), ...facts.cloudflare },
  };
}

/** Reads one stage file: its default export, checked against its file name and for platform facts. */
function readStageFile(
  file: string,
  facts: PlatformInput,
): { config?: Record<string, unknown>; error?: StageConfigError } {
  const name = basename(file, extname(file));
  let exported: unknown;
  try {
    exported = (require(file) as { default?: unknown }).default;
  } catch (error) {
    const first = String((error as Error).message ?? error).split("\n")[0];
    return {
      error: new StageConfigError(name, [
        { path: "(file)", message: `environments/stages/${basename(file)} could not be loaded: ${first}` },
      ]),
    };
  }
  if (typeof exported !== "object" || exported === null) {
    return {
      error: new StageConfigError(name, [
        {
          path: "(file)",
          message: `environments/stages/${basename(file)} has no default export; write \`export default { ...common, name: "${name}", ... }\``,
        },
      ]),
    };
  }
  const issues: StageConfigIssue[] = [];
  const declared = (exported as { name?: unknown }).name;
  if (declared !== name) {
    issues.push({
      path: "name",
      message: `${JSON.stringify(declared)} is not the file's name; a stage is named after its file, so set name: "${name}" or rename the file`,
    });
  }
  for (const path of PLATFORM_PATHS) {
    if (has(exported, path))
      issues.push({
        path,
        message: "is a platform fact, true for every stage; set it once in environments/platform.ts and remove it here",
      });
  }
  if (issues.length > 0) return { error: new StageConfigError(name, issues) };
  return { config: withPlatform(exported as Record<string, unknown>, facts) };
}

/** Every stage of a folder, validated alone and across stages, in promotion order. */
export function loadStages(dir: string = STAGES_DIR, facts: unknown = examplePlatform): StageConfig[] {
  const parsedPlatform = PlatformSchema.safeParse(facts, { reportInput: true });
  if (!parsedPlatform.success)
    throw new StageConfigErrors([new StageConfigError("platform", parsedPlatform.error.issues.map(describeZodIssue))]);
  const errors: StageConfigError[] = [];
  const stages: StageConfig[] = [];
  for (const file of stageFiles(dir)) {
    const { config, error } = readStageFile(file, parsedPlatform.data);
    if (error) {
      errors.push(error);
      continue;
    }
    try {
      stages.push(parseStage(config));
    } catch (caught) {
      if (!(caught instanceof StageConfigError)) throw caught;
      errors.push(caught);
    }
  }
  if (stages.length + errors.length === 0) {
    errors.push(
      new StageConfigError("stages", [
        { path: dottedPath([]), message: `${dir} holds no stage file; add one, e.g. environments/stages/staging.ts` },
      ]),
    );
  }
  // In promotion order, so a clash is reported on the later stage (the copy), naming the earlier one.
  stages.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  const across = crossStageIssues(stages);
  if (across.length > 0) errors.push(new StageConfigError("stages", across));
  if (errors.length > 0) throw new StageConfigErrors(errors);
  return stages;
}
