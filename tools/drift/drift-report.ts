/**
 * A drift report for one stage from a refresh-only plan (and optionally a normal plan for pending changes):
 * each resource changed outside Terraform with its attributes (before → after, masked exactly like plan review)
 * and a severity, most severe first; plus stale secret consumers: consumers whose sensitive value the pending
 * plan would update because the secret was rotated in Secrets Manager but not rolled out yet.
 */
import type { AttributeChange } from "../plan/attribute-diff";
import { changeKind, type PlanJson, type ResourceChange } from "../plan/plan-json";
import { summarizePlan, type ResourceSummary } from "../plan/summarize";
import { attributeSeverity, SEVERITY_ORDER, worst, type Severity } from "./severity";

export interface DriftFinding extends AttributeChange {
  readonly severity: Severity;
}

export interface DriftedResource {
  readonly address: string;
  readonly type: string;
  readonly kind: ResourceSummary["kind"];
  readonly severity: Severity;
  readonly findings: readonly DriftFinding[];
}

export interface StaleConsumer {
  readonly address: string;
  readonly consumer: "vercel" | "github";
  /** The catalogue secret feeding it, when it could be identified. */
  readonly secret?: string;
  readonly envName: string;
}

export interface DriftReport {
  readonly stage: string;
  readonly drifted: boolean;
  readonly resources: readonly DriftedResource[];
  readonly pending?: { readonly add: number; readonly change: number; readonly destroy: number; readonly addresses: readonly string[] };
  readonly staleConsumers: readonly StaleConsumer[];
}

function driftedResource(r: ResourceSummary): DriftedResource {
  const findings = r.attributes.map((a) => ({ ...a, severity: attributeSeverity(r.type, a) }));
  // A resource deleted outside Terraform has no attributes left to compare; it is an availability problem at least.
  const severity = findings.length > 0 ? worst(findings.map((f) => f.severity)) : r.kind === "delete" ? worst([attributeSeverity(r.type, { path: "id", before: null, after: null, forcesReplacement: false }), "availability"]) : "cosmetic";
  return { address: r.address, type: r.type, kind: r.kind, severity, findings };
}

const CONSUMER_TYPES: Record<string, { consumer: "vercel" | "github"; nameAttribute: string }> = {
  vercel_project_environment_variable: { consumer: "vercel", nameAttribute: "key" },
  github_actions_environment_secret: { consumer: "github", nameAttribute: "secret_name" },
};

/** Consumers whose sensitive value a pending plan would update: the secret changed upstream. */
export function staleConsumers(pending: PlanJson, secretsByEnvName: ReadonlyMap<string, string>): StaleConsumer[] {
  const stale: StaleConsumer[] = [];
  for (const rc of pending.resource_changes ?? []) {
    const kind = CONSUMER_TYPES[rc.type];
    if (!kind || !["update", "replace"].includes(changeKind(rc.change.actions))) continue;
    if (!sensitiveValueChanges(rc)) continue;
    const after = (rc.change.after ?? rc.change.before) as Record<string, unknown> | null;
    const envName = String(after?.[kind.nameAttribute] ?? rc.name);
    const secret = secretsByEnvName.get(envName);
    stale.push({ address: rc.address, consumer: kind.consumer, envName, ...(secret ? { secret } : {}) });
  }
  return stale;
}

function sensitiveValueChanges(rc: ResourceChange): boolean {
  const before = (rc.change.before ?? {}) as Record<string, unknown>;
  const after = (rc.change.after ?? {}) as Record<string, unknown>;
  const unknown = (rc.change.after_unknown ?? {}) as Record<string, unknown>;
  return ["value", "plaintext_value", "encrypted_value", "value_wo_version"].some(
    (key) => unknown[key] === true || (key in after && JSON.stringify(before[key]) !== JSON.stringify(after[key])),
  );
}

export function driftReport(stage: string, refreshOnly: PlanJson, pending?: PlanJson, secretsByEnvName: ReadonlyMap<string, string> = new Map()): DriftReport {
  const summary = summarizePlan(refreshOnly, stage);
  const resources = summary.drift
    .map(driftedResource)
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.address.localeCompare(b.address));
  const pendingSummary = pending ? summarizePlan(pending, stage) : undefined;
  return {
    stage,
    drifted: resources.length > 0,
    resources,
    ...(pendingSummary
      ? {
          pending: {
            add: pendingSummary.counts.add,
            change: pendingSummary.counts.change,
            destroy: pendingSummary.counts.destroy,
            addresses: pendingSummary.resources.map((r) => r.address),
          },
        }
      : {}),
    staleConsumers: pending ? staleConsumers(pending, secretsByEnvName) : [],
  };
}
