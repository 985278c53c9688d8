/**
 * Files a stack writes next to its cdk.tf.json (cdktf.out/stacks/<stack>/), through the stack's public
 * `synthesizer`: the default synthesis runs first, then the files are written. (cdktf's own assets use an internal
 * hook; this needs none.)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ISynthesisSession, TerraformStack } from "cdktf";

export function writeStackFiles(stack: TerraformStack, files: () => Readonly<Record<string, string>>): void {
  const synthesizeTerraform = stack.synthesizer;
  stack.synthesizer = {
    synthesize(session: ISynthesisSession) {
      synthesizeTerraform.synthesize(session);
      const dir = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      mkdirSync(dir, { recursive: true });
      for (const [name, contents] of Object.entries(files())) writeFileSync(join(dir, name), contents);
    },
  };
}
