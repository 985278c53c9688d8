/**
 * Every value Terraform marks sensitive anywhere in a plan: resource changes and drift (before and after, each
 * masked by the union of both markers), output changes, root variables declared `sensitive`, and the resources
 * and outputs of `prior_state` and `planned_values` (their `sensitive_values` markers). The scrubber (scrub.ts)
 * removes these strings from everything plan review and drift print, wherever they appear: inside another value,
 * a risk note, an error message.
 */
import type { PlanJson } from "./plan-json";

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every scalar of `value` as a string: the parts a sensitive marker covers. With `keys`, the keys of its maps too (a
 * map Terraform marks sensitive hides its keys, `env = { "customer-acme-contract": ... }`); not the field names of a
 * JSON document inside a secret string (`user`, `password` are its shape, not its secret).
 */
function leaves(value: unknown, out: Set<string>, keys = true, depth = 0): void {
  if (value === null || value === undefined) return;
  if (typeof value === "string") {
    out.add(value);
    // A secret string is often a JSON document (Secrets Manager's key/value secrets), sometimes written escaped or
    // encoded twice (`jsonencode(jsonencode(...))`): its fields are secrets too, and so is each unescaped form.
    const inner = depth < 3 && /[{["\\]/.test(value) ? jsonInside(value) : undefined;
    if (inner !== undefined && inner !== value) leaves(inner, out, false, depth + 1);
    return;
  }
  if (typeof value === "number" || typeof value === "boolean") return void out.add(String(value));
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) leaves(value[i], out, keys, depth);
    return;
  }
  // for-in, not Object.entries: no array per object and pair per key (this visits every sensitive value of a plan).
  if (isObject(value))
    for (const k in value) {
      if (keys) out.add(k);
      leaves(value[k], out, keys, depth);
    }
}

/**
 * What a string holds when read as JSON: a document or a string (`"{\"user\":…}"`), or, when it is the inside of a
 * JSON string (its quotes escaped, line breaks as written), that string unescaped; undefined when neither.
 */
function jsonInside(text: string): unknown {
  for (const candidate of [text, `"${text.replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}"`]) {
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // not this reading
    }
  }
  return undefined;
}

/**
 * Adds the parts of `value` that `marker` flags as sensitive. It walks the marker, not the value: a marker holds only
 * the paths that are (or contain) something sensitive, so a 10,000-resource plan costs a visit per marked path, not
 * per attribute.
 */
function marked(value: unknown, marker: unknown, out: Set<string>): void {
  if (marker === true) return leaves(value, out);
  if (typeof marker !== "object" || marker === null || typeof value !== "object" || value === null) return;
  for (const key in marker) {
    const m = (marker as Obj)[key];
    // An empty list flags nothing (most markers are `{"tags_all":{},"replica":[]}`): no call for it.
    if (m === true || (typeof m === "object" && m !== null && !(Array.isArray(m) && m.length === 0))) {
      if (Object.hasOwn(value, key)) marked((value as Obj)[key], m, out);
    }
  }
}

interface ChangeLike {
  before?: unknown;
  after?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
}

function fromChange(change: ChangeLike | undefined, out: Set<string>): void {
  if (!isObject(change)) return;
  // A value is sensitive when either side's marker says so (a value that stops being sensitive is still secret):
  // each side's value under each marker, which is the union of the two markers without building it.
  marked(change.before, change.before_sensitive, out);
  marked(change.after, change.before_sensitive, out);
  marked(change.before, change.after_sensitive, out);
  marked(change.after, change.after_sensitive, out);
}

/** Resources (`values` with `sensitive_values`) and outputs of a state or planned-values document, all modules. */
function fromValues(doc: unknown, out: Set<string>): void {
  if (!isObject(doc)) return;
  for (const o of Object.values(isObject(doc.outputs) ? doc.outputs : {})) {
    if (isObject(o) && o.sensitive === true) leaves(o.value, out);
  }
  const visit = (module: unknown): void => {
    if (!isObject(module)) return;
    const resources: unknown[] = Array.isArray(module.resources) ? module.resources : [];
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i];
      if (isObject(r)) marked(r.values, r.sensitive_values, out);
    }
    for (const m of Array.isArray(module.child_modules) ? module.child_modules : []) visit(m);
  };
  visit(doc.root_module);
  if (isObject(doc.values)) fromValues(doc.values, out);
}

/** Root variables declared `sensitive = true` in the configuration. */
function fromVariables(plan: PlanJson, out: Set<string>): void {
  const config =
    isObject(plan.configuration) && isObject(plan.configuration.root_module) ? plan.configuration.root_module : {};
  const declared = isObject(config.variables) ? config.variables : {};
  for (const [name, v] of Object.entries(isObject(plan.variables) ? plan.variables : {})) {
    const declaration = declared[name];
    if (isObject(declaration) && declaration.sensitive === true && isObject(v)) leaves(v.value, out);
  }
}

/** Every sensitive value in the plan, as strings. */
export function sensitiveValues(plan: PlanJson): Set<string> {
  const out = new Set<string>();
  // Indexed loops (see tools/plan/render-json.ts: no iterator result per change).
  for (const changes of [plan.resource_changes ?? [], plan.resource_drift ?? []])
    for (let i = 0; i < changes.length; i++) fromChange(changes[i].change, out);
  for (const change of Object.values(plan.output_changes ?? {})) fromChange(change, out);
  fromVariables(plan, out);
  fromValues(plan.prior_state, out);
  fromValues(plan.planned_values, out);
  return out;
}
