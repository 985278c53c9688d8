/** Drift reports as markdown (terminal, step summary, the drift issue body) with the plan-review value formatting. */
import { formatValue } from "../plan/render-markdown";
import type { DriftReport } from "./drift-report";

const BADGE = { security: "🔴 security", availability: "🟠 availability", cosmetic: "⚪ cosmetic" } as const;

export function renderDriftMarkdown(report: DriftReport): string {
  const lines = [`## Drift: ${report.stage}`, ""];
  if (!report.drifted) lines.push("No drift: every resource matches the last applied state.", "");
  else {
    lines.push(`**${report.resources.length} resource${report.resources.length === 1 ? "" : "s"} changed outside Terraform.**`, "");
    for (const r of report.resources) {
      lines.push(`### ${BADGE[r.severity]} \`${r.address}\`${r.kind === "delete" ? " (deleted outside Terraform)" : ""}`, "");
      if (r.findings.length > 0) {
        lines.push("| attribute | severity | last applied | now |", "|---|---|---|---|");
        for (const f of r.findings) lines.push(`| \`${f.path}\` | ${f.severity} | ${formatValue(f.before)} | ${formatValue(f.after)} |`);
        lines.push("");
      }
    }
  }
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
