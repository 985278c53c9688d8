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

/** The union of two sensitivity markers: sensitive wherever either says so. */
export function unionMarker(a: unknown, b: unknown): unknown {
  if (a === true || b === true) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? a : [],
      y = Array.isArray(b) ? b : [];
    return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => unionMarker(x[i], y[i]));
  }
  if (isObject(a) || isObject(b)) {
    const x = isObject(a) ? a : {},
      y = isObject(b) ? b : {};
    return Object.fromEntries(
      [...new Set([...Object.keys(x), ...Object.keys(y)])].map((k) => [k, unionMarker(x[k], y[k])]),
    );
  }
  return undefined;
}

/** A copy of `value` with every part the marker flags as sensitive replaced by `(sensitive)`. */
export function maskValue(value: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return value === null || value === undefined ? value : SENSITIVE;
  if (Array.isArray(value)) return value.map((item, i) => maskValue(item, child(sensitive, i)));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, child(sensitive, k))]));
  return value;
}

/** A copy of `after` with unknown parts shown as `(known after apply)` and sensitive parts masked. */
function maskAfter(value: unknown, sensitive: unknown, unknown: unknown): unknown {
  if (unknown === true) return UNKNOWN;
  if (sensitive === true) return value === null || value === undefined ? value : SENSITIVE;
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
  return (
    v === null ||
    v === undefined ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (isObject(v) && Object.keys(v).length === 0)
  );
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

interface Walk {
  before: unknown;
  after: unknown;
  /** The union of both sides' markers at this path. */
  sensitive: unknown;
  afterUnknown: unknown;
}

function walk(node: Walk, path: Path, replacePaths: readonly string[], out: AttributeChange[]): void {
  const { before, after, sensitive, afterUnknown } = node;
  const push = (b: unknown, a: unknown): void => {
    const text = formatPath(path);
    out.push({
      path: text,
      before: b,
      after: a,
      forcesReplacement: replacePaths.length > 0 && replacePaths.includes(text),
    });
  };

  if (afterUnknown === true) return push(maskValue(before, sensitive), UNKNOWN);
  if (sensitive === true) {
    if (!equal(before, after)) push(maskValue(before, true), maskValue(after, true));
    return;
  }
  const bothObjects = isObject(before) && isObject(after);
  const bothArrays = Array.isArray(before) && Array.isArray(after) && before.length === after.length;
  if (bothObjects || bothArrays) {
    const keys = bothArrays
      ? (before as unknown[]).map((_, i) => i)
      : [
          ...new Set([
            ...Object.keys(before as object),
            ...Object.keys(after as object),
            ...Object.keys(isObject(afterUnknown) ? afterUnknown : {}),
          ]),
        ];
    for (const key of keys) {
      walk(
        {
          before: (before as Record<string | number, unknown>)[key],
          after: (after as Record<string | number, unknown>)[key],
          sensitive: child(sensitive, key),
          afterUnknown: child(afterUnknown, key),
        },
        [...path, key],
        replacePaths,
        out,
      );
    }
    return;
  }
  if (!equal(before, after) || hasMarker(afterUnknown)) {
    push(maskValue(before, sensitive), maskAfter(after, sensitive, afterUnknown));
  }
}

/**
 * The changed attributes of a resource or output change. For a create every non-null attribute of `after` is
 * listed; for a delete nothing is (the whole object goes).
 */
export function attributeChanges(change: Change): AttributeChange[] {
  const actions = change.actions;
  // The whole object goes (delete) or stays as it is, unmanaged (forget): no attribute changes.
  if (actions.length === 1 && (actions[0] === "delete" || actions[0] === "forget")) return [];
  const replacePaths = (change.replace_paths ?? []).map(formatPath);
  const out: AttributeChange[] = [];
  const isCreate = actions.length === 1 && actions[0] === "create";
  walk(
    {
      before: isCreate ? (isObject(change.after) || isObject(change.after_unknown) ? {} : null) : change.before,
      after: change.after,
      sensitive: unionMarker(change.before_sensitive, change.after_sensitive),
      afterUnknown: change.after_unknown,
    },
    [],
    replacePaths,
    out,
  );
  return isCreate ? out.filter((c) => c.after !== null && c.after !== undefined) : out;
}
