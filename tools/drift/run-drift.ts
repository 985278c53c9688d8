/**
 * `infra drift <stage...>`: for each stage, in its synthesized directory, `terraform init` (skipped when the
 * directory is already initialized), `plan -refresh-only -out`, `show -json`, and with --include-pending a normal
 * plan as well. Stages run in parallel through `inParallel`, bounded by the caller. Drift is decided from `resource_drift`,
 * never from terraform's exit code (output changes alone also exit 2 there).
 *
 * Plans run with `-json`, Terraform's machine-readable UI, which emits one `resource_drift` message per entry of
 * the plan's drifted resources (in refresh-only mode exactly the entries `show -json` lists) and one
 * `planned_change` per change. When a plan has none, `show -json` could add nothing, so it is skipped: in the
 * usual no-drift run that halves the stage's time, because every terraform command loads the AWS provider's full
 * schema.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePlanJson } from "../plan/plan-json";
import type { PlanJson } from "../plan/plan-json";
import { errorDiagnostics, jsonMessages, terraform } from "../terraform";
import { UsageError } from "../usage-error";
import { driftReport, scrubReport, type IgnoreOptions, type DriftReport } from "./drift-report";

export interface DriftOptions {
  readonly stacksDir: string;
  readonly includePending: boolean;
  /** Env var name → catalogue secret name, per stage, for naming stale consumers. */
  readonly secretsByEnvName?: (stage: string) => ReadonlyMap<string, string>;
  /** Look for things in the stage's namespaces that no stack declares. */
  readonly unmanaged?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** The stage's expected drift (`drift.ignore`) and today's date. */
  readonly ignoreFor?: (stage: string) => IgnoreOptions;
}

/** What `terraform plan -json` said about a plan. */
export interface PlanEvents {
  /** `resource_drift` messages: resources changed outside Terraform. */
  readonly drifted: number;
  /** `planned_change` messages: changes (including moves and imports) the plan would make. */
  readonly changes: number;
  /** Error diagnostics, as `summary: detail`. */
  readonly errors: readonly string[];
}

/** Reads what `terraform plan -json` printed. */
export function readPlanEvents(stdout: string): PlanEvents {
  const messages = jsonMessages(stdout);
  return {
    drifted: messages.filter((m) => m.type === "resource_drift").length,
    changes: messages.filter((m) => m.type === "planned_change").length,
    errors: errorDiagnostics(messages),
  };
}

/** The plan representation of a plan with no drift and no changes: what `show -json` would give the report. */
const NOTHING_CHANGED: PlanJson = {
  format_version: "1.2",
  resource_changes: [],
  resource_drift: [],
  output_changes: {},
};

/**
 * Plans into a private temp dir and removes the plan file after reading it: a saved plan holds every value
 * Terraform read, sensitive ones included, and must not be left next to the synthesized stack. `needsDetail`
 * decides from the plan's messages whether its JSON representation is worth a `show -json`.
 */
async function planJson(
  dir: string,
  name: string,
  args: string[],
  needsDetail: (events: PlanEvents) => boolean,
): Promise<PlanJson> {
  const scratch = mkdtempSync(join(tmpdir(), `infra-drift-${name}-`));
  const planFile = join(scratch, `${name}.tfplan`);
  try {
    const events = readPlanEvents(
      await terraform(["plan", "-input=false", "-no-color", "-lock=false", "-json", "-out", planFile, ...args], dir),
    );
    if (!needsDetail(events)) return NOTHING_CHANGED;
    const json = await terraform(["show", "-json", planFile], dir);
    return parsePlanJson(json, `${dir} (${name} plan)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function driftForStage(stage: string, options: DriftOptions): Promise<DriftReport> {
  const dir = join(options.stacksDir, stage);
  if (!existsSync(join(dir, "cdk.tf.json")) && !existsSync(join(dir, "main.tf.json"))) {
    throw new UsageError(
      `no synthesized stack for "${stage}" in ${dir}; run \`npx cdktf synth\` first (or pass --stacks-dir)`,
    );
  }
  if (!existsSync(join(dir, ".terraform")) || !existsSync(join(dir, ".terraform.lock.hcl"))) {
    await terraform(["init", "-input=false", "-no-color"], dir);
  }
  const refreshOnly = await planJson(dir, "drift", ["-refresh-only"], (events) => events.drifted > 0);
  const pending = options.includePending
    ? await planJson(dir, "pending", [], (events) => events.changes > 0)
    : undefined;
  const report = driftReport(
    stage,
    refreshOnly,
    pending,
    options.secretsByEnvName?.(stage),
    options.ignoreFor?.(stage),
  );
  const { getStage, STAGE_LIST } = require("../../environments") as typeof import("../../environments");
  if (!(STAGE_LIST as readonly { name: string }[]).some((s) => s.name === stage)) return report;
  const config = getStage(stage);
  const env = options.env ?? process.env;
  const { auditTrails, unmanagedScan } = require("./enrich") as typeof import("./enrich");
  const trails =
    report.resources.length > 0 ? await auditTrails(report, refreshOnly, config, env) : new Map<string, never>();
  const unmanaged = options.unmanaged ? await unmanagedScan(config, STAGE_LIST, dir, env) : undefined;
  const resources = report.resources.map((r) => {
    const trail = trails.get(r.address);
    return trail ? { ...r, trail } : r;
  });
  const drifted = report.drifted || (unmanaged?.findings.length ?? 0) > 0;
  // Trails and scan results pass the credential scrubber like everything else the report takes from outside.
  const { Scrubber } = require("../plan/scrub") as typeof import("../plan/scrub");
  return scrubReport(
    {
      ...report,
      drifted,
      resources,
      ...(unmanaged
        ? {
            unmanaged,
            summary:
              unmanaged.findings.length > 0
                ? `${report.summary}; ${unmanaged.findings.length} unmanaged`
                : report.summary,
          }
        : {}),
    },
    new Scrubber(),
  );
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: "fulfilled", value: await work(items[index]) };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
