/**
 * The parts of Terraform's JSON plan representation (`terraform show -json <planfile>`, format_version 1.x) that
 * plan review and drift read, and loading it: the text is parsed whole with JSON.parse (a 10,000-resource plan is
 * about 100 MB; bench/plan-review.bench.ts measures the cost against JSON.parse alone), then checked with zod down
 * to each resource change's actions, so nothing later meets a shape it did not expect. A bad plan is one
 * PlanInputError line naming the field; it never quotes the plan's bytes (V8's SyntaxError does, and those bytes
 * can be the tail of a secret).
 * @see https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */
import { z } from "zod";

/** Terraform's change actions (`plans.Action` as `show -json` writes them). */
export const ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Every action list Terraform writes: one action, or a replacement (delete then create, create then delete) or a
 * replacement whose old object is forgotten instead of destroyed (create then forget).
 */
const ACTION_LISTS = [
  "no-op",
  "create",
  "read",
  "update",
  "delete",
  "forget",
  "delete,create",
  "create,delete",
  "create,forget",
];

/**
 * What a change does, in one word. Terraform's delete+create (either order) is a replacement; `forget` (a `removed`
 * block with `lifecycle { destroy = false }`) drops the object from state and leaves it running.
 */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "forget" | "read" | "no-op";

export function changeKind(actions: readonly Action[]): ChangeKind {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("forget")) return "forget";
  return actions[0] ?? "no-op";
}

export interface Change {
  readonly actions: readonly Action[];
  readonly before: unknown;
  readonly after: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  readonly replace_paths?: ReadonlyArray<ReadonlyArray<string | number>>;
  readonly importing?: { readonly id?: string };
}

export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name: string;
  readonly change: Change;
  readonly action_reason?: string;
}

export interface PlanJson {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly resource_drift?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, Change>>;
  readonly errored?: boolean;
  /** Root module variables with their values; sensitive ones are marked in `configuration`. */
  readonly variables?: Readonly<Record<string, { readonly value?: unknown }>>;
  /** Read only for the values Terraform marks sensitive there (see sensitive-values.ts). */
  readonly prior_state?: unknown;
  readonly planned_values?: unknown;
  readonly configuration?: unknown;
}

export class PlanInputError extends Error {
  override readonly name = "PlanInputError";
}

const HINT = "pass the output of `terraform show -json <planfile>`";

const ACTION_LIST_SET: ReadonlySet<string> = new Set(ACTION_LISTS);

const ACTION_LIST_MESSAGE = `is not an action list Terraform writes; expected one of ${ACTION_LISTS.map((a) => `[${a}]`).join(", ")}`;

const ActionList = z.array(z.enum(ACTIONS)).refine((list) => ACTION_LIST_SET.has(list.join(",")), {
  message: ACTION_LIST_MESSAGE,
});

const ChangeSchema = z.object({
  actions: ActionList,
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  importing: z.object({}).nullable().optional(),
});

export const ResourceChangeSchema = z.object({
  address: z.string(),
  previous_address: z.string().optional(),
  mode: z.enum(["managed", "data"]),
  type: z.string(),
  name: z.union([z.string(), z.number()]).optional(),
  provider_name: z.string().optional(),
  action_reason: z.string().optional(),
  change: ChangeSchema,
});

/**
 * The document around the changes. The changes themselves are checked one at a time (checkPlanDocument): zod builds
 * a copy of what it checks, and a copy of 10,000 changes made in one go lives long enough to be promoted to the old
 * generation (26 MB of it, measured on the benchmark plan), where one change's copy dies young.
 */
const CHANGE_LISTS = ["resource_changes", "resource_drift"] as const;
const PlanSchema = z.object({
  format_version: z.string().regex(/^1\.\d+$/),
  terraform_version: z.string().optional(),
  resource_changes: z.array(z.unknown()).optional(),
  resource_drift: z.array(z.unknown()).optional(),
  output_changes: z.record(z.string(), ChangeSchema).optional(),
  variables: z.record(z.string(), z.object({})).optional(),
  errored: z.boolean().optional(),
});

function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Objects whose keys are names from the plan (outputs, variables), never printed: a name can be anything. */
const NAMED_MAPS = new Set(["output_changes", "variables"]);

/**
 * Where in the document an issue is, in words: indexes in brackets, field names as written, but a key of
 * `output_changes` or `variables` as its position (`output_changes[#3]`, the third output) instead of its name.
 */
function pathText(path: ReadonlyArray<PropertyKey>, doc: unknown): string {
  let text = "";
  let node = doc;
  path.forEach((part, i) => {
    const parent = path[i - 1];
    if (typeof part === "number") text += `[${part}]`;
    else if (i === 1 && typeof parent === "string" && NAMED_MAPS.has(parent) && typeof node === "object" && node)
      text += `[#${Object.keys(node).indexOf(String(part)) + 1}]`;
    else text += text ? `.${String(part)}` : String(part);
    node =
      typeof node === "object" && node !== null ? (node as Record<PropertyKey, unknown>)[part as string] : undefined;
  });
  return text;
}

/** Terraform's action words: an action list made only of them is quoted in errors; anything else is not. */
const ACTION_WORDS: ReadonlySet<unknown> = new Set(ACTIONS);

/** One zod issue as words. Only action lists are quoted (they are Terraform's words); other values by type only. */
function describeIssue(issue: z.core.$ZodIssue, doc: unknown, source: string): string {
  // A word inside an action list is reported as the list: `actions`, not `actions[1]`.
  const listAt = issue.path.length - (typeof issue.path.at(-1) === "number" && issue.path.at(-2) === "actions" ? 1 : 0);
  const path = issue.path.slice(0, listAt);
  const at = pathText(path, doc);
  const value = path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k as string] : undefined),
    doc,
  );
  if (at === "format_version") {
    const shown =
      typeof value === "string" && /^\d{1,4}(\.\d{1,4}){0,2}$/.test(value) ? JSON.stringify(value) : typeName(value);
    return `${source} has format_version ${shown}; only Terraform's plan format 1.x is supported (terraform >= 1.0 \`show -json\` of a saved plan)`;
  }
  if (/(^|\.)actions$/.test(at) && Array.isArray(value)) {
    const words = Array.isArray(value) && value.every((a) => ACTION_WORDS.has(a));
    const shown = words ? JSON.stringify(value) : `(a list of ${value.length} value${value.length === 1 ? "" : "s"})`;
    return `${source}: ${at} ${shown} ${ACTION_LIST_MESSAGE}; ${HINT}`;
  }
  if (issue.code === "invalid_value" && at.endsWith(".mode")) {
    return `${source}: ${at} must be "managed" or "data"; ${HINT}`;
  }
  if (issue.code === "invalid_type") {
    return value === undefined
      ? `${source}: ${at} is missing; ${HINT}`
      : `${source}: ${at} is ${typeName(value)}; expected ${issue.expected === "record" ? "an object" : issue.expected}; ${HINT}`;
  }
  return `${source}: ${at || "the document"} is not valid (${issue.code}); ${HINT}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isOptionalString = (v: unknown) => v === undefined || typeof v === "string";
const isPathStep = (v: unknown) => typeof v === "string" || Number.isFinite(v);

/**
 * The shape nearly every change has, recognized without zod: true only for what `ResourceChangeSchema` accepts
 * (tests/tools/plan-json.test.ts holds the two together on every fixture change and thousands of mutations of them);
 * anything else, odd or wrong, goes through zod, which decides and words the error. Why: zod builds a result object
 * for every field it checks, and on the 10,000-resource benchmark plan (17,500 changes) that was 53 MB of allocation
 * and about 140 ms, the largest cost after JSON.parse itself; this reads the same fields and allocates nothing.
 */
export function isPlainResourceChange(rc: unknown): boolean {
  if (!isRecord(rc) || !isRecord(rc.change)) return false;
  const { actions, replace_paths: paths, importing } = rc.change;
  return (
    typeof rc.address === "string" &&
    typeof rc.type === "string" &&
    (rc.mode === "managed" || rc.mode === "data") &&
    isOptionalString(rc.previous_address) &&
    isOptionalString(rc.provider_name) &&
    isOptionalString(rc.action_reason) &&
    (rc.name === undefined || typeof rc.name === "string" || Number.isFinite(rc.name)) &&
    Array.isArray(actions) &&
    actions.every((a) => ACTION_WORDS.has(a)) &&
    ACTION_LIST_SET.has(actions.join(",")) &&
    (paths === undefined || (Array.isArray(paths) && paths.every((p) => Array.isArray(p) && p.every(isPathStep)))) &&
    (importing === undefined || importing === null || isRecord(importing))
  );
}

/** Checks that a parsed document is a plan in format 1.x whose changes all have the shape Terraform writes. */
export function checkPlanDocument(doc: unknown, source = "plan JSON"): PlanJson {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new PlanInputError(`${source} is not a JSON object; ${HINT}`);
  }
  const top = PlanSchema.safeParse(doc);
  const issues = top.success ? [] : [...top.error.issues];
  for (const list of CHANGE_LISTS) {
    const changes = (doc as Record<string, unknown>)[list];
    if (!Array.isArray(changes)) continue;
    for (let i = 0; i < changes.length; i++) {
      if (isPlainResourceChange(changes[i])) continue;
      const result = ResourceChangeSchema.safeParse(changes[i]);
      if (!result.success)
        issues.push(...result.error.issues.map((issue) => ({ ...issue, path: [list, i, ...issue.path] })));
    }
  }
  if (issues.length > 0) {
    const [first] = issues;
    const more = issues.length - 1;
    throw new PlanInputError(
      `${describeIssue(first, doc, source)}${more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"})` : ""}`,
    );
  }
  if (
    !("resource_changes" in doc) &&
    !("resource_drift" in doc) &&
    !("output_changes" in doc) &&
    !("planned_values" in doc)
  ) {
    throw new PlanInputError(
      `${source} has no resource_changes, resource_drift or output_changes; is it a state file rather than a plan?`,
    );
  }
  return doc as PlanJson;
}

/** Where JSON.parse stopped, as a line and column, without any of the text around it. */
function syntaxErrorPlace(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : "";
  if (/end of JSON input|Unterminated string/i.test(message)) return "it ends early (truncated?)";
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return "it is malformed";
  const offset = Number(position);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `at line ${line}, column ${offset - before.lastIndexOf("\n")}`;
}

/** Parses and checks a plan JSON document (text or the bytes of a file). */
export function parsePlanJson(input: string | Buffer, source = "plan JSON"): PlanJson {
  const text = typeof input === "string" ? input : input.toString("utf8");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new PlanInputError(`${source} is not valid JSON (${syntaxErrorPlace(error, text)}); ${HINT}`);
  }
  return checkPlanDocument(doc, source);
}
