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
 * cannot turn `counts.destroy` into something else.
 */
import type { AttributeChange } from "./attribute-diff";
import type { RiskNote } from "./risks";
import { Scrubber } from "./scrub";
import type { OutputSummary, PlanSummary, ResourceSummary } from "./summarize";

export const PLAN_SUMMARY_SCHEMA_VERSION = 1;

/** What scrubbing the JSON takes (tools/plan/scrub.ts). */
export interface JsonScrubber {
  /** A string from the plan. */
  text(text: string): string;
  /** A value from the plan: its strings, keys and numbers. */
  value<T>(value: T): T;
}

/** A scrubber that can also scan ahead, in one batch, the strings it will be asked for (Scrubber.prepare). */
export interface PreparingScrubber extends JsonScrubber {
  prepare(texts: Iterable<string>): Promise<void>;
}

const AS_IS: JsonScrubber = { text: (t) => t, value: (v) => v };

/** The fields of each entry, built through the scrubber; every string from the plan passes `text()` or `value()`. */
function builders(scrub: JsonScrubber) {
  const text = (t: string) => scrub.text(t);
  const attribute = (a: AttributeChange) => {
    const path = text(a.path);
    const before = scrub.value(a.before);
    const after = scrub.value(a.after);
    // Nothing to hide: the change itself, whose fields are these in this order (attribute-diff.ts), not a copy.
    if (path === a.path && before === a.before && after === a.after) return a;
    return { path, before, after, forcesReplacement: a.forcesReplacement };
  };
  return {
    // Optional fields are undefined rather than spread in: JSON leaves them out all the same, and every entry has
    // one shape (spreading took a runtime call per field and entry).
    resource: (r: ResourceSummary) => ({
      address: text(r.address),
      previousAddress: r.previousAddress ? text(r.previousAddress) : undefined,
      type: text(r.type),
      kind: r.kind,
      reason: r.reason ? text(r.reason) : undefined,
      importing: r.importing,
      protectedBecause: r.protectedBecause || undefined,
      attributes: r.attributes.map(attribute),
    }),
    /** Everything before `resources`. */
    head: (s: PlanSummary) => ({
      schemaVersion: PLAN_SUMMARY_SCHEMA_VERSION,
      stage: s.stage ?? null,
      terraformVersion: s.terraformVersion === undefined ? null : text(s.terraformVersion),
      counts: s.counts,
      noChanges: s.noChanges,
      destructive: s.destructive.map(({ address, kind, reason, protectedBecause }) => ({
        address: text(address),
        kind,
        reason: reason === undefined ? undefined : text(reason),
        protectedBecause,
      })),
      protectedDestroys: s.destructive.filter((r) => r.protectedBecause).map((r) => text(r.address)),
      forgotten: s.forgotten.map((r) => text(r.address)),
      byType: s.byType.map((t) => ({ type: text(t.type), counts: t.counts })),
    }),
    /** Everything after `drift`. */
    tail: (s: PlanSummary) => ({
      outputs: s.outputs.map((o: OutputSummary) => ({
        name: text(o.name),
        kind: o.kind,
        before: scrub.value(o.before),
        after: scrub.value(o.after),
      })),
      risks: s.risks.map((r: RiskNote) => ({ rule: r.rule, address: text(r.address), message: text(r.message) })),
    }),
  };
}

/** The summary as one object (what `planSummaryJsonText` writes, for callers that want the object). */
export function planSummaryJson(s: PlanSummary, scrub: JsonScrubber = AS_IS): Record<string, unknown> {
  const b = builders(scrub);
  return { ...b.head(s), resources: s.resources.map(b.resource), drift: s.drift.map(b.resource), ...b.tail(s) };
}

/**
 * Resources turned into text per JSON.stringify call. Each call has a set-up cost: one call per resource took about a
 * third more CPU than one per batch on the 10,000-resource benchmark plan, and a batch's entries still die young.
 */
const JSON_BATCH = 64;

/**
 * The summary as JSON text, equal to `JSON.stringify(planSummaryJson(s, scrub))`: every string it takes from the plan
 * is scanned ahead in one batch (`prepare`: one credential scan over all of them, so a private key whose lines are
 * spread over several values is found whole, as it is in one document), then the resources are built and turned into
 * text a few dozen at a time (JSON_BATCH). On a large plan no object for the whole document exists: a batch's entries
 * die young instead of being kept (and copied by the garbage collector) until the end.
 */
export async function planSummaryJsonText(s: PlanSummary, scrub: PreparingScrubber): Promise<string> {
  const b = builders(scrub);
  const strings = new Set<string>(s.terraformVersion === undefined ? [] : [s.terraformVersion]);
  for (const t of s.byType) strings.add(t.type);
  // Indexed loops: this runs once per review, mostly before V8 optimizes it, where for-of allocated an iterator
  // result per element (15 MB on the benchmark plan, counting the other loops of a review).
  for (const resources of [s.resources, s.drift])
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i];
      strings.add(r.address).add(r.type);
      if (r.previousAddress) strings.add(r.previousAddress);
      if (r.reason) strings.add(r.reason);
      const attributes = r.attributes;
      for (let k = 0; k < attributes.length; k++) {
        const a = attributes[k];
        strings.add(a.path);
        // Most values are one string: added as it is (stringsOf would add nothing more).
        if (typeof a.before === "string") strings.add(a.before);
        else Scrubber.stringsOf(a.before, strings);
        if (typeof a.after === "string") strings.add(a.after);
        else Scrubber.stringsOf(a.after, strings);
      }
    }
  for (const o of s.outputs) {
    strings.add(o.name);
    Scrubber.stringsOf(o.before, strings);
    Scrubber.stringsOf(o.after, strings);
  }
  for (const r of s.risks) strings.add(r.address).add(r.message);
  await scrub.prepare(strings);
  const list = (resources: readonly ResourceSummary[]) => {
    const batches: string[] = [];
    for (let i = 0; i < resources.length; i += JSON_BATCH)
      batches.push(JSON.stringify(resources.slice(i, i + JSON_BATCH).map(b.resource)).slice(1, -1));
    return `[${batches.join(",")}]`;
  };
  const head = JSON.stringify(b.head(s));
  const tail = JSON.stringify(b.tail(s));
  return `${head.slice(0, -1)},"resources":${list(s.resources)},"drift":${list(s.drift)},${tail.slice(1)}`;
}
