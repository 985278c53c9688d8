/**
 * A drift report for one stage from a refresh-only plan (and optionally a normal plan for pending changes):
 * each resource changed outside Terraform with its attributes (before → after, masked exactly like plan review)
 * and a severity, most severe first; plus stale secret consumers: consumers whose sensitive value the pending
 * plan would update because the secret was rotated in Secrets Manager but not rolled out yet.
 */
import type { AttributeChange } from "../plan/attribute-diff";
import { changeKind, type PlanJson, type ResourceChange } from "../plan/plan-json";
import type { JsonScrubber } from "../plan/render-json";
import { Scrubber } from "../plan/scrub";
import { sensitiveValues } from "../plan/sensitive-values";
import { summarizePlan, type ResourceSummary } from "../plan/summarize";
import {
  expectedBy,
  expiredEntries,
  PLATFORM_EXPECTED_DRIFT,
  unusedEntries,
  type IgnoreEntry,
  type IgnoreMatch,
} from "./ignore";
import { nextSteps, type NextSteps } from "./next-steps";
import type { AuditTrail } from "./audit-trail";
import type { UnmanagedScan } from "./unmanaged/scan-stage";
import { attributeSeverity, SEVERITY_ORDER, worst, type Severity } from "./severity";

export interface DriftFinding extends AttributeChange {
  readonly severity: Severity;
  /** How to revert it and how to adopt it (the config path when the attribute maps to one). */
  readonly next: NextSteps;
}

export interface DriftedResource {
  readonly address: string;
  readonly type: string;
  readonly kind: ResourceSummary["kind"];
  readonly severity: Severity;
  readonly findings: readonly DriftFinding[];
  /** For a resource deleted outside Terraform (no attributes to compare). */
  readonly next: NextSteps;
  /** Who changed it, where an audit trail could be read (enrich.ts). */
  readonly trail?: AuditTrail;
}

export interface IgnoredFinding {
  readonly address: string;
  readonly path: string;
  readonly reason: string;
  readonly source: "platform" | "config";
}

/** What a run expects: the stage's `drift.ignore` entries (the platform's own are always added) and today's date. */
export interface IgnoreOptions {
  readonly entries: readonly IgnoreEntry[];
  readonly today: Date;
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
  /** Whether anything drifted (a resource, or with --unmanaged something undeclared): the exit code follows it. */
  readonly drifted: boolean;
  /**
   * One line: how many drifted resources of each severity, or that there is none (`2 drifted: 1 security,
   * 1 cosmetic`, `no drift`); with --unmanaged, how many undeclared things were found (`…; 5 unmanaged`).
   */
  readonly summary: string;
  /** Each resource changed outside Terraform, most severe first, with its findings. */
  readonly resources: readonly DriftedResource[];
  /** Outputs whose value changed on refresh (not drift of a resource, but worth knowing). */
  readonly outputsChanged: readonly string[];
  /** Findings an ignore entry expected (platform or `drift.ignore`): listed, not counted. */
  readonly ignored: readonly IgnoredFinding[];
  /** `drift.ignore` entries that expired or matched nothing in this run: each an error that fails the run. */
  readonly ignoreErrors: readonly string[];
  /** With --unmanaged: what sits in the stage's namespaces that no stack declares (counted as drift). */
  readonly unmanaged?: UnmanagedScan;
  /** With --include-pending: configuration not applied yet (a normal plan), which is not drift. */
  readonly pending?: {
    readonly add: number;
    readonly change: number;
    readonly destroy: number;
    readonly addresses: readonly string[];
  };
  /** Consumers holding an older value of a rotated secret (from the pending plan). */
  readonly staleConsumers: readonly StaleConsumer[];
}

function driftedResource(stage: string, r: ResourceSummary): DriftedResource {
  const findings = r.attributes.map((a) => {
    const severity = attributeSeverity(r.type, a);
    return { ...a, severity, next: nextSteps(stage, r.type, r.address, { ...a, severity } as DriftFinding) };
  });
  // A resource deleted outside Terraform has no attributes left to compare; it is an availability problem at least.
  const severity =
    findings.length > 0
      ? worst(findings.map((f) => f.severity))
      : r.kind === "delete"
        ? worst([
            attributeSeverity(r.type, { path: "id", before: null, after: null, forcesReplacement: false }),
            "availability",
          ])
        : "cosmetic";
  return {
    address: r.address,
    type: r.type,
    kind: r.kind,
    severity,
    findings,
    next: nextSteps(stage, r.type, r.address),
  };
}

const CONSUMER_TYPES: Record<string, { consumer: "vercel" | "github"; nameAttribute: string }> = {
  vercel_project_environment_variable: { consumer: "vercel", nameAttribute: "key" },
  github_actions_environment_secret: { consumer: "github", nameAttribute: "secret_name" },
};

/** Consumers whose sensitive value a pending plan would update: the secret changed upstream. */
export function staleConsumers(pending: PlanJson, secretsByEnvName: ReadonlyMap<string, string>): StaleConsumer[] {
  const stale: StaleConsumer[] = [];
  for (const rc of pending.resource_changes ?? []) {
    const kind = Object.hasOwn(CONSUMER_TYPES, rc.type) ? CONSUMER_TYPES[rc.type] : undefined;
    if (!kind || !["update", "replace"].includes(changeKind(rc.change.actions))) continue;
    if (!sensitiveValueChanges(rc)) continue;
    const after = (rc.change.after ?? rc.change.before) as Record<string, unknown> | null;
    const named = after?.[kind.nameAttribute];
    const envName = typeof named === "string" ? named : rc.name;
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

/** "2 drifted: 1 security, 1 availability" or "no drift". */
export function severitySummary(resources: readonly DriftedResource[]): string {
  if (resources.length === 0) return "no drift";
  const counts = SEVERITY_ORDER.map((s) => [s, resources.filter((r) => r.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  return `${resources.length} drifted: ${counts.map(([s, n]) => `${n} ${s}`).join(", ")}`;
}

/**
 * The report, scrubbed (scrubReport) with the scrubber built from both plans' sensitive values and the credential
 * scan, on top of the masking the summaries already do.
 */
export function driftReport(
  stage: string,
  refreshOnly: PlanJson,
  pending?: PlanJson,
  secretsByEnvName: ReadonlyMap<string, string> = new Map(),
  ignore: IgnoreOptions = { entries: [], today: new Date() },
): DriftReport {
  const scrubber = new Scrubber([...sensitiveValues(refreshOnly), ...(pending ? sensitiveValues(pending) : [])]);
  return scrubReport(buildReport(stage, refreshOnly, pending, secretsByEnvName, ignore), scrubber);
}

/**
 * A report with every string that comes from a plan, a cloud API or an audit trail scrubbed: addresses, types,
 * attribute paths and values, the next steps built from them, trails, unmanaged findings, ignore matches. The tool's
 * own keys and words, severities and the stage's name are not plan text and stay as they are: a secret that happens
 * to be `drifted` or `production` must not change what the report says or where it is filed.
 */
export function scrubReport(report: DriftReport, scrubber: Scrubber): DriftReport {
  // Every string is scanned first, in one batch and in the report's order (the texts of a private key split over
  // several values are read together, as plan review reads them), then taken from what that batch found.
  const written: string[] = [];
  scrubbed(report, {
    text: (text) => {
      written.push(text);
      return text;
    },
    value: (value) => {
      for (const text of Scrubber.stringsOf(value)) written.push(text);
      return value;
    },
  });
  scrubber.texts(written);
  return scrubbed(report, scrubber);
}

/** The report with every string passed through `scrubber` (see scrubReport). */
function scrubbed(report: DriftReport, scrubber: JsonScrubber): DriftReport {
  const t = (text: string) => scrubber.text(text);
  const resource = (r: DriftedResource): DriftedResource => {
    const address = t(r.address);
    const findings = r.findings.map((f) => {
      const scrubbed = { ...f, path: t(f.path), before: scrubber.value(f.before), after: scrubber.value(f.after) };
      return { ...scrubbed, next: nextSteps(report.stage, r.type, address, scrubbed) };
    });
    const trail = r.trail && {
      source: t(r.trail.source),
      events: r.trail.events.map((e) => ({
        time: t(e.time),
        who: t(e.who),
        event: t(e.event),
        ...(e.sourceIp ? { sourceIp: t(e.sourceIp) } : {}),
      })),
    };
    return {
      ...r,
      address,
      type: t(r.type),
      findings,
      next: nextSteps(report.stage, r.type, address),
      ...(trail ? { trail } : {}),
    };
  };
  return {
    ...report,
    resources: report.resources.map(resource),
    outputsChanged: report.outputsChanged.map(t),
    ignored: report.ignored.map((i) => ({ ...i, address: t(i.address), path: t(i.path) })),
    ignoreErrors: report.ignoreErrors.map(t),
    ...(report.unmanaged
      ? {
          unmanaged: {
            ...report.unmanaged,
            findings: report.unmanaged.findings.map((f) => ({
              ...f,
              where: t(f.where),
              name: t(f.name),
              remove: t(f.remove),
              ...(f.adopt ? { adopt: t(f.adopt) } : {}),
            })),
          },
        }
      : {}),
    ...(report.pending ? { pending: { ...report.pending, addresses: report.pending.addresses.map(t) } } : {}),
    staleConsumers: report.staleConsumers.map((c) => ({ ...c, address: t(c.address), envName: t(c.envName) })),
  };
}

/** Splits each drifted resource's findings into expected (ignored) and the rest; drops resources left with none. */
function applyIgnores(
  resources: readonly DriftedResource[],
  ignore: IgnoreOptions,
): { kept: DriftedResource[]; ignored: IgnoredFinding[]; used: Set<IgnoreEntry> } {
  const matches: IgnoreMatch[] = [
    ...PLATFORM_EXPECTED_DRIFT.map((entry) => ({ entry, source: "platform" as const })),
    ...ignore.entries.map((entry) => ({ entry, source: "config" as const })),
  ];
  const ignored: IgnoredFinding[] = [];
  const used = new Set<IgnoreEntry>();
  const kept: DriftedResource[] = [];
  for (const r of resources) {
    const remaining = r.findings.filter((f) => {
      const match = expectedBy(matches, r.address, f.path);
      if (!match) return true;
      used.add(match.entry);
      ignored.push({ address: r.address, path: f.path, reason: match.entry.reason, source: match.source });
      return false;
    });
    if (remaining.length > 0 || r.findings.length === 0)
      kept.push({
        ...r,
        findings: remaining,
        severity: remaining.length > 0 ? worst(remaining.map((f) => f.severity)) : r.severity,
      });
  }
  return { kept, ignored, used };
}

function buildReport(
  stage: string,
  refreshOnly: PlanJson,
  pending: PlanJson | undefined,
  secretsByEnvName: ReadonlyMap<string, string>,
  ignore: IgnoreOptions,
): DriftReport {
  const summary = summarizePlan(refreshOnly, stage);
  const { kept, ignored, used } = applyIgnores(
    summary.drift.map((r) => driftedResource(stage, r)),
    ignore,
  );
  const ignoreErrors = [
    ...expiredEntries(stage, ignore.entries, ignore.today),
    ...unusedEntries(stage, ignore.entries, used),
  ];
  const resources = kept.sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.address.localeCompare(b.address),
  );
  const pendingSummary = pending ? summarizePlan(pending, stage) : undefined;
  return {
    stage,
    drifted: resources.length > 0,
    summary: severitySummary(resources),
    resources,
    outputsChanged: summary.outputs.map((o) => o.name),
    ignored,
    ignoreErrors,
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
