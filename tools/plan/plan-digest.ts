/**
 * `infra plan-digest`: a digest of what a plan would do, so apply can refuse a plan that differs from the one
 * reviewed (dflook's terraform-apply compares plans the same way: by content, not by text).
 *
 * What goes in: every resource change that does something (address, previous address, actions, before, after,
 * after_unknown, the sensitivity markers, replace paths, importing, action reason) and every output change, sorted
 * by address/name and serialized with sorted keys, so the same plan re-serialized (key order, whitespace, change
 * order) digests the same. Sensitive values are inside the hash input and nowhere else: the digest never prints
 * them, and a plan that differs only in a sensitive value digests differently. What stays out: no-op changes,
 * drift, prior state, configuration and timestamps, none of which apply acts on.
 *
 * For verify-plan to say *where* two plans differ, `changeDigests` gives a short digest per address (and per
 * top-level attribute of changes without sensitive values) that the review comment records.
 */
import { createHash } from "node:crypto";
import { PlanInputError } from "./plan-json";

export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

interface RawChange {
  actions?: unknown;
  [key: string]: unknown;
}

/** Key-sorted, whitespace-free JSON: one text per value, whatever order the keys came in. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(",")}}`;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const CHANGE_FIELDS = [
  "actions",
  "before",
  "after",
  "after_unknown",
  "before_sensitive",
  "after_sensitive",
  "replace_paths",
  "importing",
] as const;

/** The part of one resource change that apply acts on. */
function resourcePart(rc: Record<string, unknown>): Record<string, unknown> {
  const change = (rc.change ?? {}) as RawChange;
  return {
    address: rc.address,
    previous_address: rc.previous_address,
    action_reason: rc.action_reason,
    ...Object.fromEntries(CHANGE_FIELDS.map((f) => [f, change[f]])),
  };
}

function isNoOp(change: RawChange | undefined): boolean {
  return Array.isArray(change?.actions) && change.actions.length === 1 && change.actions[0] === "no-op";
}

function plannedChanges(plan: Record<string, unknown>, source: string) {
  if (plan.errored === true)
    throw new PlanInputError(
      `${source} is the plan of a failed terraform plan (errored); it cannot be applied, so it has no digest`,
    );
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes))
    throw new PlanInputError(
      `${source}: resource_changes is not a list; pass the output of \`terraform show -json <planfile>\``,
    );
  const resources = changes
    .filter(
      (rc): rc is Record<string, unknown> =>
        typeof rc === "object" && rc !== null && typeof (rc as { address?: unknown }).address === "string",
    )
    .filter((rc) => !isNoOp(rc.change as RawChange))
    .map(resourcePart)
    .sort((a, b) => String(a.address).localeCompare(String(b.address)));
  if (resources.length !== changes.filter((rc) => !isNoOp((rc as { change?: RawChange })?.change)).length) {
    throw new PlanInputError(
      `${source}: a resource change has no address; pass the output of \`terraform show -json <planfile>\``,
    );
  }
  const outputs = Object.entries((plan.output_changes ?? {}) as Record<string, RawChange>)
    .filter(([, c]) => !isNoOp(c))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]): Record<string, unknown> => ({
      name,
      ...Object.fromEntries(CHANGE_FIELDS.map((f) => [f, c?.[f]])),
    }));
  return { resources, outputs };
}

/** `sha256:<64 hex>` of everything the plan would do. */
export function planDigest(plan: Record<string, unknown>, source = "plan JSON"): string {
  const { resources, outputs } = plannedChanges(plan, source);
  return `sha256:${sha256(canonicalJson({ digest: "platform-infra plan digest v1", resources, outputs }))}`;
}

function hasSensitive(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(hasSensitive);
  if (marker !== null && typeof marker === "object") return Object.values(marker).some(hasSensitive);
  return false;
}

export interface ChangeDigest {
  /** Short digest of the whole change of this address (16 hex). */
  readonly digest: string;
  /** Short digest per top-level attribute, only for changes that carry no sensitive value. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * Short digests per address (`output.<name>` for outputs), for naming what differs between two plans. A change
 * with a sensitive value gets one digest for the whole change and none per attribute, so no recorded digest covers
 * a sensitive value alone.
 */
export function changeDigests(plan: Record<string, unknown>, source = "plan JSON"): Record<string, ChangeDigest> {
  const { resources, outputs } = plannedChanges(plan, source);
  const short = (value: unknown) => sha256(canonicalJson(value)).slice(0, 16);
  const entries = [
    ...resources.map((r) => [String(r.address), r] as const),
    ...outputs.map((o) => [`output.${String(o.name)}`, o] as const),
  ];
  return Object.fromEntries(
    entries.map(([address, part]) => {
      const sensitive = hasSensitive(part.before_sensitive) || hasSensitive(part.after_sensitive);
      const before = (part.before ?? {}) as Record<string, unknown>;
      const after = (part.after ?? {}) as Record<string, unknown>;
      const keys =
        typeof before === "object" && typeof after === "object"
          ? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort()
          : [];
      const attributes =
        sensitive || keys.length === 0
          ? undefined
          : Object.fromEntries(
              keys.map((k) => [
                k,
                short([before?.[k], after?.[k], (part.after_unknown as Record<string, unknown> | undefined)?.[k]]),
              ]),
            );
      return [address, { digest: short(part), ...(attributes ? { attributes } : {}) }];
    }),
  );
}

/** What differs between the reviewed plan's recorded digests and a new plan's, in words (no value). */
export function describeDifferences(
  reviewed: Readonly<Record<string, ChangeDigest>>,
  current: Readonly<Record<string, ChangeDigest>>,
): string[] {
  const lines: string[] = [];
  for (const address of [...new Set([...Object.keys(reviewed), ...Object.keys(current)])].sort()) {
    const was = reviewed[address];
    const now = current[address];
    if (!was) lines.push(`${address}: not in the reviewed plan`);
    else if (!now) lines.push(`${address}: in the reviewed plan, not in this one`);
    else if (was.digest !== now.digest) {
      if (!was.attributes || !now.attributes) {
        lines.push(`${address}: changes differently (not shown: the change carries a sensitive value)`);
        continue;
      }
      const attributes = [...new Set([...Object.keys(was.attributes), ...Object.keys(now.attributes)])].filter(
        (k) => was.attributes![k] !== now.attributes![k],
      );
      lines.push(
        `${address}: changes differently (${attributes.length > 0 ? attributes.join(", ") : "its actions, replacement or import"})`,
      );
    }
  }
  return lines;
}
