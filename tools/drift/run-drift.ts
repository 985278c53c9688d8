/**
 * `infra drift <stage...>`: for each stage, in its synthesized directory, `terraform init` (skipped when the
 * directory is already initialized), `plan -refresh-only -out`, `show -json`, and with --include-pending a normal
 * plan as well. Stages run in parallel through `inParallel`, bounded by the caller. Drift is decided from `resource_drift`,
 * never from terraform's exit code (output changes alone also exit 2 there).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePlanBuffer } from "../plan/plan-sections";
import type { PlanJson } from "../plan/plan-json";
import { terraform } from "../terraform";
import { UsageError } from "../usage-error";
import { driftReport, type DriftReport } from "./drift-report";

export interface DriftOptions {
  readonly stacksDir: string;
  readonly includePending: boolean;
  /** Env var name → catalogue secret name, per stage, for naming stale consumers. */
  readonly secretsByEnvName?: (stage: string) => ReadonlyMap<string, string>;
}

/**
 * Plans into a private temp dir and removes the plan file after reading it: a saved plan holds every value
 * Terraform read, sensitive ones included, and must not be left next to the synthesized stack.
 */
async function savedPlanJson(dir: string, name: string, args: string[]): Promise<PlanJson> {
  const scratch = mkdtempSync(join(tmpdir(), `infra-drift-${name}-`));
  const planFile = join(scratch, `${name}.tfplan`);
  try {
    await terraform(["plan", "-input=false", "-no-color", "-lock=false", "-out", planFile, ...args], dir);
    const json = await terraform(["show", "-json", planFile], dir);
    return parsePlanBuffer(Buffer.from(json), `${dir} (${name} plan)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function driftForStage(stage: string, options: DriftOptions): Promise<DriftReport> {
  const dir = join(options.stacksDir, stage);
  if (!existsSync(join(dir, "cdk.tf.json")) && !existsSync(join(dir, "main.tf.json"))) {
    throw new UsageError(`no synthesized stack for "${stage}" in ${dir}; run \`npx cdktf synth\` first (or pass --stacks-dir)`);
  }
  if (!existsSync(join(dir, ".terraform")) || !existsSync(join(dir, ".terraform.lock.hcl"))) {
    await terraform(["init", "-input=false", "-no-color"], dir);
  }
  const refreshOnly = await savedPlanJson(dir, "drift", ["-refresh-only"]);
  const pending = options.includePending ? await savedPlanJson(dir, "pending", []) : undefined;
  return driftReport(stage, refreshOnly, pending, options.secretsByEnvName?.(stage));
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: "fulfilled", value: await work(items[index]!) };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
