/**
 * Runs `infra parity <stageA> <stageB>`: loads both stages, builds their stacks in memory (nothing is written
 * but a scratch directory cdktf insists on, removed afterwards) to list the resources each declares, and prints the
 * report. Always exit 0: parity informs a review, it does not gate one.
 */
import { App, TerraformResource } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getStage, STAGE_NAMES, type StageConfig } from "../../environments";
import { EnvironmentStack, zoneStagesOf } from "../../stacks/environment-stack";
import { stageArg } from "../stage-arg";
import { UsageError } from "../usage-error";
import { parityReport, renderParityMarkdown, type ParityReport, type StackResource } from "./parity-report";

/** The resources each stage's stack declares, by type and construct path inside the stack. */
function stackResources(stages: readonly StageConfig[]): Map<string, StackResource[]> {
  const outdir = mkdtempSync(join(tmpdir(), "infra-parity-"));
  try {
    const app = new App({ outdir, skipValidation: true });
    const all = STAGE_NAMES.map(getStage);
    return new Map(
      stages.map((stage) => {
        const stack = new EnvironmentStack(app, stage.name, { stage, zoneStages: zoneStagesOf(stage, all) });
        const resources = stack.node
          .findAll()
          .filter(TerraformResource.isTerraformResource)
          .map((r) => ({
            type: r.terraformResourceType,
            path: r.node.path.slice(stack.node.path.length + 1),
          }));
        return [stage.name, resources];
      }),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function runParity(nameA: string, nameB: string): ParityReport {
  const a = stageArg(nameA);
  const b = stageArg(nameB);
  if (a.name === b.name) throw new UsageError(`compare two different stages; both are "${a.name}"`);
  const resources = stackResources([a, b]);
  return parityReport(a, b, { a: resources.get(a.name)!, b: resources.get(b.name)! });
}

export function runParityCommand(nameA: string, nameB: string, format: "markdown" | "json"): number {
  const report = runParity(nameA, nameB);
  process.stdout.write(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderParityMarkdown(report));
  return 0;
}
