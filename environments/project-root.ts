/**
 * The project's root folder (the one holding cdktf.json), found from wherever this code runs: from its source
 * file, or from the compiled `infra` bundle in .gen/infra/ (tools/bin/compiled-cli.js), where `__dirname` is not the
 * source file's folder. Everything that reads a project file by path starts here.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "cdktf.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no cdktf.json above ${from}: the project's files cannot be found`);
  }
}

export const PROJECT_ROOT = findRoot(__dirname);

/** A path inside the project, from its root: `projectPath("environments", "stages")`. */
export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);
