/**
 * Attribute-level differences between `before` and `after`, with every value Terraform marks sensitive replaced by
 * `(sensitive)` before it can be printed, and unknown values (`after_unknown`) shown as `(known after apply)`.
 *
 * A value is shown only when it is non-sensitive on *both* sides, at its path and every parent: the two markers
 * (`before_sensitive`, `after_sensitive`) are merged and the union masks both sides. A value that stops being
 * sensitive (`sensitive = true` removed from a variable) is therefore still masked on both sides in this plan, as
 * Terraform itself does.
 */
import type { Change } from "./plan-json";

export const SENSITIVE = "(sensitive)";
export const UNKNOWN = "(known after apply)";

export interface AttributeChange {
  /** Dotted path, list indexes in brackets: `tags.stage`, `rules[0].expression`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  /** The attribute is in `replace_paths`: changing it forces replacement. */
  readonly forcesReplacement: boolean;
}

type Path = ReadonlyArray<string | number>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The marker (sensitive or unknown) of a child: `true` covers every child. */
export function child(marker: unknown, key: string | number): unknown {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker[key as number];
  if (isObject(marker)) return marker[key as string];
  return undefined;
}

/** A marker that flags nothing: absent, false, or an empty list or object. */
function isBlank(marker: unknown): boolean {
  if (marker === true) return false;
  if (typeof marker !== "object" || marker === null) return true;
  for (const key in marker) if (!isBlank((marker as Record<string, unknown>)[key])) return false;
  return true;
}

/** The union of two sensitivity markers: sensitive wherever either says so. */
export function unionMarker(a: unknown, b: unknown): unknown {
  if (a === true || b === true) return true;
  // Most changes mark nothing, or only one side: no new marker is built for them.
  if (isBlank(b)) return a;
  if (isBlank(a)) return b;
  if (Array.isArray(a) && Array.isArray(b))
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => unionMarker(a[i], b[i]));
  // Objects, or one side a list and the other an object (a dynamic attribute that changed shape): keyed by both
  // sides' keys, list indexes as keys, so neither side's marker is lost (`child` reads list indexes the same way).
  const x = (a ?? {}) as Record<string, unknown>,
    y = (b ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    [...new Set([...Object.keys(x), ...Object.keys(y)])].map((k) => [k, unionMarker(x[k], y[k])]),
  );
}

/**
 * `value` with every part the marker flags as sensitive replaced by `(sensitive)`. Parts the marker does not reach
 * are the plan's own objects, not copies: the summary of a large plan costs no second copy of its values.
 */
export function maskValue(value: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return value === null || value === undefined ? value : SENSITIVE;
  if (isBlank(sensitive)) return value;
  if (Array.isArray(value)) return value.map((item, i) => maskValue(item, child(sensitive, i)));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, child(sensitive, k))]));
  return value;
}

/** A copy of `after` with unknown parts shown as `(known after apply)` and sensitive parts masked. */
function maskAfter(value: unknown, sensitive: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (sensitive === true) return value === null || value === undefined ? value : SENSITIVE;
  if (isBlank(sensitive) && isBlank(unknown)) return value;
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const items = Array.isArray(value) ? value : [];
    const length = Math.max(items.length, Array.isArray(unknown) ? unknown.length : 0);
    return Array.from({ length }, (_, i) => maskAfter(items[i], child(sensitive, i), child(unknown, i)));
  }
  if (isObject(value) || isObject(unknown)) {
    const keys = new Set([
      ...Object.keys(isObject(value) ? value : {}),
      ...Object.keys(isObject(unknown) ? unknown : {}),
    ]);
    return Object.fromEntries(
      [...keys].map((k) => [
        k,
        maskAfter(isObject(value) ? value[k] : undefined, child(sensitive, k), child(unknown, k)),
      ]),
    );
  }
  return value;
}

/** null, "", [] and {} all mean "not set"; providers move between them on refresh without any real change. */
function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === "") return true;
  if (typeof v !== "object") return false;
  if (Array.isArray(v)) return v.length === 0;
  // No key, found without listing the keys (this runs for every compared object of a plan).
  for (const key in v) if (Object.hasOwn(v, key)) return false;
  return true;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b || (isEmpty(a) && isEmpty(b))) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

export function formatPath(path: Path): string {
  return path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    "",
  );
}

function hasMarker(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(hasMarker);
  if (isObject(marker)) return Object.values(marker).some(hasMarker);
  return false;
}

/**
 * The path of a child: `a.b`, `a[0]` (formatPath's form, built as the walk descends); not built when only "is there
 * any change?" is asked (no path is ever recorded then).
 */
const childPath = (w: Walk, path: string, key: string | number) =>
  !w.out ? "" : typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/** What one walk over a change collects, and when it may stop. */
interface Walk {
  readonly replacePaths: readonly string[];
  /** Creates list only attributes that get a value. */
  readonly skipNullAfter: boolean;
  /** The changes found; absent when only "is there any?" is asked (the walk then stops at the first). */
  readonly out?: AttributeChange[];
}

/** Records one change; returns true when the walk may stop (only the first was asked for). */
function found(w: Walk, path: string, before: unknown, after: unknown): boolean {
  if (w.skipNullAfter && (after === null || after === undefined)) return false;
  if (!w.out) return true;
  w.out.push({
    path,
    before,
    after,
    forcesReplacement: w.replacePaths.length > 0 && w.replacePaths.includes(path),
  });
  return false;
}

/**
 * Walks `before` and `after` together (`sensitive` is the union of both sides' markers at this path). Returns true
 * when it stopped early (see Walk.out).
 */
function walk(
  w: Walk,
  path: string,
  before: unknown,
  after: unknown,
  sensitive: unknown,
  afterUnknown: unknown,
): boolean {
  if (afterUnknown === true) return found(w, path, maskValue(before, sensitive), UNKNOWN);
  if (sensitive === true) {
    return !equal(before, after) && found(w, path, maskValue(before, true), maskValue(after, true));
  }
  if (isObject(before) && isObject(after)) {
    for (const key in before) {
      // Most attributes are the same scalar on both sides and known: nothing to record, so no call for them.
      const value = before[key];
      if (value === after[key] && typeof value !== "object" && isKnown(afterUnknown, key)) continue;
      if (descend(w, path, key, before, after, sensitive, afterUnknown)) return true;
    }
    for (const key in after)
      if (!Object.hasOwn(before, key) && descend(w, path, key, before, after, sensitive, afterUnknown)) return true;
    if (isObject(afterUnknown))
      for (const key in afterUnknown)
        if (
          !Object.hasOwn(before, key) &&
          !Object.hasOwn(after, key) &&
          descend(w, path, key, before, after, sensitive, afterUnknown)
        )
          return true;
    return false;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++)
      if (walk(w, childPath(w, path, i), before[i], after[i], child(sensitive, i), child(afterUnknown, i))) return true;
    return false;
  }
  if (!equal(before, after) || hasMarker(afterUnknown)) {
    return found(w, path, maskValue(before, sensitive), maskAfter(after, sensitive, afterUnknown));
  }
  return false;
}

/**
 * Whether the child `key` of an object is known after apply: its unknown marker (read as `descend` reads it, list
 * markers by index too) is absent or false.
 */
function isKnown(afterUnknown: unknown, key: string): boolean {
  const marker = child(afterUnknown, key);
  return marker === undefined || marker === false;
}

/** The walk one key down an object (a function, not a closure per object: the walk visits every object of a plan). */
function descend(
  w: Walk,
  path: string,
  key: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  sensitive: unknown,
  afterUnknown: unknown,
): boolean {
  return walk(w, childPath(w, path, key), before[key], after[key], child(sensitive, key), child(afterUnknown, key));
}

/** Starts a walk over a change; false when the change has no attributes to compare (delete, forget). */
function walkChange(change: Change, replacePaths: readonly string[], out?: AttributeChange[]): boolean {
  const actions = change.actions;
  // The whole object goes (delete) or stays as it is, unmanaged (forget): no attribute changes.
  if (actions.length === 1 && (actions[0] === "delete" || actions[0] === "forget")) return false;
  const isCreate = actions.length === 1 && actions[0] === "create";
  return walk(
    { replacePaths, skipNullAfter: isCreate, out },
    "",
    isCreate ? (isObject(change.after) || isObject(change.after_unknown) ? {} : null) : change.before,
    change.after,
    unionMarker(change.before_sensitive, change.after_sensitive),
    change.after_unknown,
  );
}

/**
 * The changed attributes of a resource or output change. For a create every non-null attribute of `after` is
 * listed; for a delete nothing is (the whole object goes).
 */
export function attributeChanges(change: Change): AttributeChange[] {
  const out: AttributeChange[] = [];
  walkChange(change, (change.replace_paths ?? []).map(formatPath), out);
  return out;
}

/** Whether attributeChanges(change) would list anything, found without listing it (stops at the first). */
export function hasAttributeChanges(change: Change): boolean {
  return walkChange(change, []);
}
