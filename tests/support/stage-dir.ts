/**
 * A temporary stages folder for tests that add, copy or break a stage file: the example stage files, their relative
 * imports rewritten to the repository's environments/ folder, plus the files a test writes. Removed by `dispose()`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { stageFiles, STAGES_DIR } from "../../environments/load";

export const ENVIRONMENTS_DIR = join(STAGES_DIR, "..");

export class StageDir {
  readonly dir = mkdtempSync(join(tmpdir(), "infra-stages-"));

  constructor(files: Readonly<Record<string, string>> = {}, keep: (name: string) => boolean = () => true) {
    for (const file of stageFiles(STAGES_DIR)) {
      if (!keep(basename(file, ".ts"))) continue;
      writeFileSync(
        join(this.dir, basename(file)),
        readFileSync(file, "utf8").replace(/from "\.\.\//g, `from "${ENVIRONMENTS_DIR}/`),
      );
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(join(this.dir, name), text);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A stage file that spreads an example stage (by its file name) and overrides fields (a JS object literal body). */
export function stageFileFrom(example: string, overrides: string): string {
  return `import base from "${join(STAGES_DIR, example)}";\nimport { common } from "${join(ENVIRONMENTS_DIR, "common")}";\nvoid common;\nexport default { ...base, ${overrides} };\n`;
}
