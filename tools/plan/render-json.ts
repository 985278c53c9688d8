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
 *
 * Scrubbing is by field: every string that comes from the plan (addresses, types, reasons, paths, values and the
 * keys inside them, output names, risk notes) passes the scrubber; the keys and fixed words (`kind`, counts, rule ids)
 * and the stage's name (the caller's, not the plan's) are never rewritten, so a secret that happens to be `destroy`
 * cannot turn `counts.destroy` into something else. `planPieces` lists exactly the strings `planSummaryJson`
 * scrubs, so they can be scanned ahead in one batch.
 */
import type { AttributeChange } from "./attribute-diff";
import type { RiskNote } from "./risks";
import type { OutputSummary, PlanSummary, ResourceSummary } from "./summarize";

export const PLAN_SUMMARY_SCHEMA_VERSION = 1;

/** What scrubbing the JSON takes (tools/plan/scrub.ts). */
export interface JsonScrubber {
  /** A string from the plan. */
  text(text: string): string;
  /** A value from the plan: its strings, keys and numbers. */
  value<T>(value: T): T;
}

const AS_IS: JsonScrubber = { text: (t) => t, value: (v) => v };

/** Every string `planSummaryJson` takes from the plan, and the values whose strings and keys it scrubs. */
export function planPieces(s: PlanSummary): { texts: string[]; values: unknown[] } {
  const texts = s.terraformVersion ? [s.terraformVersion] : [];
  const values: unknown[] = [];
  for (const t of s.byType) texts.push(t.type);
  for (const r of [...s.resources, ...s.drift]) {
    texts.push(r.address, r.type, ...(r.previousAddress ? [r.previousAddress] : []), ...(r.reason ? [r.reason] : []));
    for (const a of r.attributes) {
      texts.push(a.path);
      values.push(a.before, a.after);
    }
  }
  for (const o of s.outputs) {
    texts.push(o.name);
    values.push(o.before, o.after);
  }
  for (const r of s.risks) texts.push(r.address, r.message);
  return { texts, values };
}

export function planSummaryJson(s: PlanSummary, scrub: JsonScrubber = AS_IS): Record<string, unknown> {
  const text = (t: string) => scrub.text(t);
  const maybe = (t: string | undefined) => (t === undefined ? undefined : scrub.text(t));
  const attribute = (a: AttributeChange) => ({
    path: text(a.path),
    before: scrub.value(a.before),
    after: scrub.value(a.after),
    forcesReplacement: a.forcesReplacement,
  });
  const resource = (r: ResourceSummary) => ({
    address: text(r.address),
    ...(r.previousAddress ? { previousAddress: text(r.previousAddress) } : {}),
    type: text(r.type),
    kind: r.kind,
    ...(r.reason ? { reason: text(r.reason) } : {}),
    importing: r.importing,
    ...(r.protectedBecause ? { protectedBecause: r.protectedBecause } : {}),
    attributes: r.attributes.map(attribute),
  });
  const output = (o: OutputSummary) => ({
    name: text(o.name),
    kind: o.kind,
    before: scrub.value(o.before),
    after: scrub.value(o.after),
  });
  const risk = (r: RiskNote) => ({ rule: r.rule, address: text(r.address), message: text(r.message) });
  return {
    schemaVersion: PLAN_SUMMARY_SCHEMA_VERSION,
    stage: s.stage ?? null,
    terraformVersion: maybe(s.terraformVersion) ?? null,
    counts: s.counts,
    noChanges: s.noChanges,
    destructive: s.destructive.map(({ address, kind, reason, protectedBecause }) => ({
      address: text(address),
      kind,
      reason: maybe(reason),
      protectedBecause,
    })),
    protectedDestroys: s.destructive.filter((r) => r.protectedBecause).map((r) => text(r.address)),
    forgotten: s.forgotten.map((r) => text(r.address)),
    byType: s.byType.map((t) => ({ type: text(t.type), counts: t.counts })),
    resources: s.resources.map(resource),
    drift: s.drift.map(resource),
    outputs: s.outputs.map(output),
    risks: s.risks.map(risk),
  };
}
