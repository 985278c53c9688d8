/** Drift reports as markdown (terminal, step summary, the drift issue body) with the plan-review value formatting. */
import { code, formatValue } from "../plan/render-markdown";
import type { DriftReport } from "./drift-report";

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const BADGE = { security: "🔴 security", availability: "🟠 availability", cosmetic: "⚪ cosmetic" } as const;

export function renderDriftMarkdown(report: DriftReport): string {
  const lines = [`## Drift: ${report.stage}`, "", `**${report.summary}**`, ""];
  const outputs = report.outputsChanged.length > 0 ? ` Outputs changed on refresh (not drift of a resource): ${report.outputsChanged.map(code).join(", ")}.` : "";
  if (!report.drifted) lines.push(`No drift: every resource matches the last applied state.${outputs}`, "");
  else {
    lines.push(`**${report.resources.length} resource${report.resources.length === 1 ? "" : "s"} changed outside Terraform.**${outputs}`, "");
    for (const r of report.resources) {
      lines.push(`### ${BADGE[r.severity]} ${code(r.address)}${r.kind === "delete" ? " (deleted outside Terraform)" : ""}`, "");
      if (r.findings.length > 0) {
        lines.push("| attribute | severity | last applied | now |", "|---|---|---|---|");
        for (const f of r.findings) lines.push(`| ${code(f.path)} | ${f.severity} | ${formatValue(f.before)} | ${formatValue(f.after)} |`);
        lines.push("");
      }
      // Revert once per resource; adopt per attribute where it maps to a config field, else once for the resource.
      const adopts = [...new Set(r.findings.map((f) => f.next.adopt).filter((a) => !a.includes("drift.ignore")))];
      lines.push(`- ${capitalize(r.next.revert)}`, ...(adopts.length > 0 ? adopts : [r.next.adopt]).map((a) => `- ${capitalize(a)}`), "");
    }
  }
  if (report.ignored.length > 0) {
    lines.push("<details><summary>Expected drift, not counted (" + report.ignored.length + ")</summary>", "");
    for (const i of report.ignored) lines.push(`- ${code(i.address)} ${code(i.path)}: ${i.reason} (${i.source === "platform" ? "platform" : "drift.ignore"})`);
    lines.push("", "</details>", "");
  }
  if (report.ignoreErrors.length > 0) lines.push("### drift.ignore problems", "", ...report.ignoreErrors.map((e) => `- ${e}`), "");
  if (report.pending) {
    const p = report.pending;
    lines.push("### Pending configuration (not yet applied)", "", p.addresses.length === 0 ? "None." : `Plan: ${p.add} to add, ${p.change} to change, ${p.destroy} to destroy: ${p.addresses.map((a) => `\`${a}\``).join(", ")}`, "");
  }
  if (report.staleConsumers.length > 0) {
    lines.push("### Stale secret consumers", "", "These consumers still hold an older value of a secret that was changed in Secrets Manager; deploy the stage to roll it out.", "");
    for (const c of report.staleConsumers) lines.push(`- \`${c.address}\` (${c.consumer} \`${c.envName}\`)${c.secret ? ` ← secret \`${c.secret}\`` : ""}`);
    lines.push("");
  }
  return lines.join("\n");
}
