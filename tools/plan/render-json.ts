/**
 * The plan summary as stable JSON for machines (`--format json`). Fields (schemaVersion 1):
 * - `stage`, `terraformVersion`: as given / as in the plan.
 * - `counts`: `{ add, change, destroy, import, move, forget }`, Terraform's own counting (a replacement is 1 add +
 *   1 destroy; `forget`: removed from state with `destroy = false`, not destroyed).
 * - `byType`: `[{ type, counts: { <kind>: n } }]`, managed resource changes by type and kind.
 * - `noChanges`: true when nothing would change.
 * - `destructive`: addresses deleted or replaced: `{ address, kind, reason?, protectedBecause? }`.
 * - `protectedDestroys`: addresses of protected resources that would be deleted or replaced.
 * - `forgotten`: addresses Terraform stops managing without destroying them.
 * - `resources`, `drift`: `{ address, previousAddress?, type, kind, reason?, importing, protectedBecause?,
 *   attributes: [{ path, before, after, forcesReplacement }] }`; sensitive values are the string "(sensitive)",
 *   unknown ones "(known after apply)".
 * - `outputs`: `{ name, kind, before, after }`, masked the same way.
 * - `risks`: `{ rule, address, message }`.
 * New fields may be added; existing ones keep their meaning within a schemaVersion.
 */
import type { PlanSummary } from "./summarize";

export const PLAN_SUMMARY_SCHEMA_VERSION = 1;

export function planSummaryJson(s: PlanSummary): Record<string, unknown> {
  return {
    schemaVersion: PLAN_SUMMARY_SCHEMA_VERSION,
    stage: s.stage ?? null,
    terraformVersion: s.terraformVersion ?? null,
    counts: s.counts,
    noChanges: s.noChanges,
    destructive: s.destructive.map(({ address, kind, reason, protectedBecause }) => ({
      address,
      kind,
      reason,
      protectedBecause,
    })),
    protectedDestroys: s.destructive.filter((r) => r.protectedBecause).map((r) => r.address),
    forgotten: s.forgotten.map((r) => r.address),
    byType: s.byType,
    resources: s.resources,
    drift: s.drift,
    outputs: s.outputs,
    risks: s.risks,
  };
}
