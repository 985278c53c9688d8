/**
 * A plan as a summary for people and machines: Terraform's own counts, what is deleted or replaced (and why, in
 * words), protected resources at risk, per-resource attribute changes with sensitive values masked, changes made
 * outside Terraform, output changes and risk notes. Plan review and drift both build on this.
 */
import {
  attributeChanges,
  formatPath,
  hasAttributeChanges,
  maskValue,
  unionMarker,
  UNKNOWN,
  type AttributeChange,
} from "./attribute-diff";
import { changeKind, type Change, type ChangeKind, type PlanJson, type ResourceChange } from "./plan-json";
import { protectionReason } from "./protected-resources";
import { riskNotes, type RiskNote } from "./risks";

export { changeKind, type ChangeKind } from "./plan-json";

export interface ResourceSummary {
  readonly address: string;
  readonly previousAddress?: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** `action_reason` in words, when Terraform gave one. */
  readonly reason?: string;
  readonly importing: boolean;
  /** Why the resource is protected; set only when it would be deleted or replaced. */
  readonly protectedBecause?: string;
  readonly attributes: readonly AttributeChange[];
}

export interface OutputSummary {
  readonly name: string;
  readonly kind: ChangeKind;
  readonly before: unknown;
  readonly after: unknown;
}

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly import: number;
  readonly move: number;
  /** Removed from state by a `removed` block with `destroy = false`: no longer managed, not destroyed. */
  readonly forget: number;
}

/** How many resources of one type each kind of change touches (the summary table). */
export interface TypeCounts {
  readonly type: string;
  readonly counts: Readonly<Partial<Record<ChangeKind, number>>>;
}

export interface PlanSummary {
  /** The stage the plan is for, when the caller named it (plans do not say). */
  readonly stage?: string;
  readonly terraformVersion?: string;
  /** Terraform's own counts, as its `Plan:` line prints them. */
  readonly counts: PlanCounts;
  /** Nothing to add, change, destroy, import, move or forget, and no output changes. */
  readonly noChanges: boolean;
  /** Every listed change in plan order: managed resources that change, and data reads Terraform explains. */
  readonly resources: readonly ResourceSummary[];
  /** Deleted or replaced resources, the banner's list. */
  readonly destructive: readonly ResourceSummary[];
  /** Resources Terraform stops managing without destroying them. */
  readonly forgotten: readonly ResourceSummary[];
  /** Managed resource changes by type and kind, types sorted by name. */
  readonly byType: readonly TypeCounts[];
  /** Changes made outside Terraform that the refresh found (empty-value normalizations left out). */
  readonly drift: readonly ResourceSummary[];
  /** Outputs whose value changes, masked like attributes. */
  readonly outputs: readonly OutputSummary[];
  /** What the risk rules (risks/) noticed, in plan order. */
  readonly risks: readonly RiskNote[];
}

const REASONS: Record<string, string> = {
  replace_because_tainted: "the object is tainted",
  replace_because_cannot_update: "a changed attribute cannot be updated in place",
  replace_by_request: "replacement was requested (-replace)",
  replace_by_triggers: "replace_triggered_by changed",
  delete_because_no_resource_config: "it was removed from the configuration",
  delete_because_wrong_repetition: "its count/for_each form changed",
  delete_because_count_index: "its count index is out of range",
  delete_because_each_key: "its for_each key is gone",
  delete_because_no_module: "its module was removed",
  delete_because_no_move_target: "its moved target does not exist",
  read_because_config_unknown: "its configuration is unknown until apply",
  read_because_dependency_pending: "a dependency has pending changes",
  read_because_check_nested: "a check block reads it",
};

/**
 * Terraform's `action_reason` in words; one this table does not know is shown as Terraform wrote it (rewriting it
 * would also hide it from the scrubber, which looks for the plan's own text).
 */
export function reasonInWords(reason: string | undefined): string | undefined {
  return reason ? (Object.hasOwn(REASONS, reason) ? REASONS[reason] : reason) : undefined;
}

/** Why a resource is replaced, naming the attributes that force it when Terraform lists them. */
function replacementReason(rc: ResourceChange): string | undefined {
  const words = reasonInWords(rc.action_reason);
  const paths = (rc.change.replace_paths ?? []).map(formatPath).filter((p) => p !== "");
  if (paths.length === 0) return words;
  const named = `${paths.slice(0, 3).join(", ")}${paths.length > 3 ? ` and ${paths.length - 3} more` : ""}`;
  return rc.action_reason === "replace_because_cannot_update" || !words
    ? `${named} cannot be updated in place`
    : `${words} (${named})`;
}

function summarizeResource(rc: ResourceChange): ResourceSummary {
  const kind = changeKind(rc.change.actions);
  const protectedBecause = kind === "delete" || kind === "replace" ? protectionReason(rc) : undefined;
  const reason = kind === "replace" ? replacementReason(rc) : reasonInWords(rc.action_reason);
  // Attribute changes are worked out when first read: a review of a large plan that lists only addresses never
  // needs them, and they cost more than the rest of the summary together.
  let attributes: readonly AttributeChange[] | undefined;
  return {
    address: rc.address,
    ...(rc.previous_address ? { previousAddress: rc.previous_address } : {}),
    type: rc.type,
    kind,
    ...(reason ? { reason } : {}),
    importing: Boolean(rc.change.importing),
    ...(protectedBecause ? { protectedBecause } : {}),
    get attributes() {
      return (attributes ??= attributeChanges(rc.change));
    },
  };
}

function summarizeOutput(name: string, change: Change): OutputSummary {
  const sensitive = unionMarker(change.before_sensitive, change.after_sensitive);
  return {
    name,
    kind: changeKind(change.actions),
    before: maskValue(change.before ?? null, sensitive),
    after: change.after_unknown === true ? UNKNOWN : maskValue(change.after ?? null, sensitive),
  };
}

/** Terraform's own counting: a replacement is one add and one destroy; reads and no-ops are not counted. */
function addToCounts(counts: { -readonly [K in keyof PlanCounts]: number }, rc: ResourceChange): void {
  if (rc.mode !== "managed") return;
  const kind = changeKind(rc.change.actions);
  if (kind === "forget") {
    counts.forget++;
    if (rc.change.actions.includes("create")) counts.add++;
  }
  if (kind === "create" || kind === "replace") counts.add++;
  if (kind === "delete" || kind === "replace") counts.destroy++;
  if (kind === "update") counts.change++;
  if (rc.change.importing) counts.import++;
  if (rc.previous_address && rc.previous_address !== rc.address) counts.move++;
}

function isListed(rc: ResourceChange): boolean {
  const noop = rc.change.actions.length === 1 && rc.change.actions[0] === "no-op";
  const moved = Boolean(rc.previous_address && rc.previous_address !== rc.address);
  if (noop && !rc.change.importing && !moved) return false;
  return rc.mode === "managed" || rc.change.actions[0] !== "read" || Boolean(rc.action_reason);
}

/** Summarizes a plan in one pass over its resource changes. */
export function summarizePlan(plan: PlanJson, stage?: string): PlanSummary {
  const counts = { add: 0, change: 0, destroy: 0, import: 0, move: 0, forget: 0 };
  const resources: ResourceSummary[] = [];
  const byType = new Map<string, Partial<Record<ChangeKind, number>>>();
  const changes = plan.resource_changes ?? [];
  // Indexed loops over the plan's changes (see render-json.ts: no iterator result per change).
  for (let i = 0; i < changes.length; i++) {
    const rc = changes[i];
    addToCounts(counts, rc);
    if (!isListed(rc)) continue;
    const summary = summarizeResource(rc);
    resources.push(summary);
    if (rc.mode === "managed" && summary.kind !== "no-op") {
      const row = byType.get(rc.type) ?? {};
      row[summary.kind] = (row[summary.kind] ?? 0) + 1;
      byType.set(rc.type, row);
    }
  }
  const risks: RiskNote[] = riskNotes(changes);
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, c]) => !(c.actions.length === 1 && c.actions[0] === "no-op"))
    .map(([name, c]) => summarizeOutput(name, c));
  const drift: ResourceSummary[] = [];
  const drifted = plan.resource_drift ?? [];
  for (let i = 0; i < drifted.length; i++) {
    const rc = drifted[i];
    // Drift entries whose only differences are empty-value normalizations (null vs {}) are not drift.
    if (changeKind(rc.change.actions) !== "update" || hasAttributeChanges(rc.change)) drift.push(summarizeResource(rc));
  }
  return {
    ...(stage ? { stage } : {}),
    ...(plan.terraform_version ? { terraformVersion: plan.terraform_version } : {}),
    counts,
    noChanges:
      counts.add + counts.change + counts.destroy + counts.import + counts.move + counts.forget === 0 &&
      outputs.length === 0,
    resources,
    destructive: resources.filter((r) => r.kind === "delete" || r.kind === "replace"),
    forgotten: resources.filter((r) => r.kind === "forget"),
    byType: [...byType].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([type, c]) => ({ type, counts: c })),
    drift,
    outputs,
    risks,
  };
}

/** Terraform's own counts line (`terraform show` of a plan prints forgotten resources apart, and so do we). */
export function countsLine(counts: PlanCounts): string {
  const parts = [
    ...(counts.import > 0 ? [`${counts.import} to import`] : []),
    `${counts.add} to add`,
    `${counts.change} to change`,
    `${counts.destroy} to destroy`,
  ];
  return `Plan: ${parts.join(", ")}.`;
}
