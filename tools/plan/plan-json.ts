/**
 * The parts of Terraform's JSON plan representation (`terraform show -json <planfile>`, format_version 1.x) that
 * plan review and drift read. Loading refuses other format versions and malformed JSON with a clear reason.
 * @see https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */

export type Action = "no-op" | "create" | "read" | "update" | "delete";

/** What a change does, in one word; Terraform's delete+create (either order) is a replacement. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "read" | "no-op";

export function changeKind(actions: readonly Action[]): ChangeKind {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  return (actions[0] ?? "no-op") as ChangeKind;
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
  /** An array when parsed whole; a lazy iterable when read section by section (plan-sections.ts). */
  readonly resource_changes?: Iterable<ResourceChange>;
  readonly resource_drift?: Iterable<ResourceChange>;
  readonly output_changes?: Readonly<Record<string, Change>>;
  readonly errored?: boolean;
}

export class PlanInputError extends Error {
  override readonly name = "PlanInputError";
}

/** Parses and checks a plan JSON document. */
export function parsePlanJson(text: string, source = "plan JSON"): PlanJson {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new PlanInputError(`${source} is not valid JSON (${(error as Error).message}); pass the output of \`terraform show -json <planfile>\``);
  }
  return checkPlanDocument(doc, source);
}

/** Checks that a parsed document is a plan in format 1.x. */
export function checkPlanDocument(doc: unknown, source = "plan JSON"): PlanJson {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new PlanInputError(`${source} is not a JSON object; pass the output of \`terraform show -json <planfile>\``);
  }
  const version = (doc as { format_version?: unknown }).format_version;
  if (typeof version !== "string" || !/^1\.\d+$/.test(version)) {
    throw new PlanInputError(
      `${source} has format_version ${JSON.stringify(version)}; only Terraform's plan format 1.x is supported (terraform >= 1.0 \`show -json\` of a saved plan)`,
    );
  }
  if (!("resource_changes" in doc) && !("resource_drift" in doc) && !("output_changes" in doc) && !("planned_values" in doc)) {
    throw new PlanInputError(`${source} has no resource_changes, resource_drift or output_changes; is it a state file rather than a plan?`);
  }
  return doc as PlanJson;
}
