/**
 * Drift reports as markdown (terminal, step summary, the drift issue body) with the plan-review value formatting.
 * Everything that comes from the plan, the cloud APIs or the audit trail is written inside `<code>` with every
 * character markdown or HTML could interpret escaped (a value someone set in a console must not be able to write
 * headings, links or HTML into the issue); only the tool's own words are markdown.
 */
import { code, formatValue } from "../plan/render-markdown";
import { escapeHtmlCode } from "../plan/scrub";
import type { DriftedResource, DriftFinding, DriftReport } from "./drift-report";
import { SEVERITY_ORDER } from "./severity";

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const BADGE = { security: "🔴 security", availability: "🟠 availability", cosmetic: "⚪ cosmetic" } as const;

/** Who changed it, as the audit trail says (or why there is none). */
function trailLines(r: DriftedResource): string[] {
  if (!r.trail) return [];
  if (r.trail.events.length === 0) return [`- Who changed it: no event found (${r.trail.source})`];
  return [
    `- Who changed it (${r.trail.source}):`,
    ...r.trail.events.map(
      (e) =>
        `  - ${escapeHtmlCode(e.time)} ${code(e.who)} ${code(e.event)}${e.sourceIp ? ` from ${code(e.sourceIp)}` : ""}`,
    ),
  ];
}

/** How to adopt a finding (or a resource, without one), as markdown. */
function adoptLine(address: string, finding?: DriftFinding): string {
  const setting = finding?.next.setting;
  if (!setting)
    return `Adopt: change the code that declares ${code(address)} to match, or add a \`drift.ignore\` entry with a reason if it is expected`;
  const value =
    setting.value === undefined
      ? " (the value is sensitive: set it in Secrets Manager, never in config)"
      : ` = ${code(setting.value)}`;
  return `Adopt: set ${code(setting.field)}${value} in ${code(setting.file)}`;
}

export function renderDriftMarkdown(report: DriftReport): string {
  const lines = [`## Drift: ${report.stage}`, "", `**${report.summary}**`, ""];
  const outputs =
    report.outputsChanged.length > 0
      ? ` Outputs changed on refresh (not drift of a resource): ${report.outputsChanged.map(code).join(", ")}.`
      : "";
  if (!report.drifted) lines.push(`No drift: every resource matches the last applied state.${outputs}`, "");
  else {
    if (report.resources.length > 0)
      lines.push(
        `**${report.resources.length} resource${report.resources.length === 1 ? "" : "s"} changed outside Terraform.**${outputs}`,
        "",
      );
    // Grouped by severity, most severe first.
    let group = "";
    for (const r of report.resources) {
      if (r.severity !== group) {
        group = r.severity;
        lines.push(`## ${BADGE[r.severity]} (${report.resources.filter((x) => x.severity === r.severity).length})`, "");
      }
      lines.push(
        `### ${BADGE[r.severity]} ${code(r.address)}${r.kind === "delete" ? " (deleted outside Terraform)" : ""}`,
        "",
      );
      if (r.findings.length > 0) {
        lines.push("| attribute | severity | last applied | now |", "|---|---|---|---|");
        for (const f of r.findings)
          lines.push(`| ${code(f.path)} | ${f.severity} | ${formatValue(f.before)} | ${formatValue(f.after)} |`);
        lines.push("");
      }
      // Revert once per resource; adopt per attribute where it maps to a config field, else once for the resource.
      const adopts = [...new Set(r.findings.filter((f) => f.next.setting).map((f) => adoptLine(r.address, f)))];
      lines.push(
        `- ${capitalize(r.next.revert)}`,
        ...(adopts.length > 0 ? adopts : [adoptLine(r.address)]).map((a) => `- ${a}`),
        ...trailLines(r),
        "",
      );
    }
  }
  if (report.unmanaged) {
    const u = report.unmanaged;
    lines.push(`### Not declared by any stack (${u.findings.length})`, "");
    const sorted = [...u.findings].sort(
      (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
    );
    for (const f of sorted)
      lines.push(
        `- ${BADGE[f.severity]} ${escapeHtmlCode(f.where)}: ${code(f.name)} — ${f.why}. Delete: ${code(f.remove)}${f.adopt ? `; or adopt: ${escapeHtmlCode(f.adopt)}` : ""}`,
      );
    for (const n of u.notScanned) lines.push(`- not scanned: ${n}`);
    lines.push("");
  }
  if (report.ignored.length > 0) {
    lines.push("<details><summary>Expected drift, not counted (" + report.ignored.length + ")</summary>", "");
    for (const i of report.ignored)
      lines.push(
        `- ${code(i.address)} ${code(i.path)}: ${i.reason} (${i.source === "platform" ? "platform" : "drift.ignore"})`,
      );
    lines.push("", "</details>", "");
  }
  if (report.ignoreErrors.length > 0)
    lines.push("### drift.ignore problems", "", ...report.ignoreErrors.map((e) => `- ${e}`), "");
  if (report.pending) {
    const p = report.pending;
    lines.push(
      "### Pending configuration (not yet applied)",
      "",
      p.addresses.length === 0
        ? "None."
        : `Plan: ${p.add} to add, ${p.change} to change, ${p.destroy} to destroy: ${p.addresses.map(code).join(", ")}`,
      "",
    );
  }
  if (report.staleConsumers.length > 0) {
    lines.push(
      "### Stale secret consumers",
      "",
      "These consumers still hold an older value of a secret that was changed in Secrets Manager; deploy the stage to roll it out.",
      "",
    );
    for (const c of report.staleConsumers)
      lines.push(
        `- ${code(c.address)} (${c.consumer} ${code(c.envName)})${c.secret ? ` ← secret ${code(c.secret)}` : ""}`,
      );
    lines.push("");
  }
  return lines.join("\n");
}
