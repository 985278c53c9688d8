/**
 * The plan summary as markdown for a pull-request comment: header and counts, a loud banner for deletions and
 * replacements, risk notes, per-resource collapsed details, drift and outputs. It never exceeds `maxChars`:
 * attribute detail goes first, then per-resource lines become a bare address list, then the list is cut; the
 * header, banner and counts always stay, and the comment says what was cut.
 */
import { SENSITIVE, UNKNOWN } from "./attribute-diff";
import { countsLine, type PlanSummary, type ResourceSummary } from "./summarize";

export const DEFAULT_MAX_CHARS = 65_000;

const ICON: Record<string, string> = { create: "➕", update: "🔄", replace: "♻️", delete: "🗑️", read: "📖", "no-op": "⏺️" };
const ORDER = ["replace", "delete", "create", "update", "read", "no-op"] as const;
/** Long values are shortened in tables; the full value is in the plan artifact. */
const MAX_VALUE_CHARS = 300;

export function formatValue(value: unknown): string {
  if (value === undefined) return "—";
  if (value === SENSITIVE || value === UNKNOWN) return `_${value}_`;
  let text = JSON.stringify(value) ?? String(value);
  if (text.length > MAX_VALUE_CHARS) text = `${text.slice(0, MAX_VALUE_CHARS - 1)}…`;
  return `\`${text.replace(/`/g, "'").replace(/\|/g, "\\|").replace(/\n/g, " ")}\``;
}

function header(s: PlanSummary): string[] {
  const title = `## Terraform plan${s.stage ? `: ${s.stage}` : ""}`;
  if (s.noChanges) return [title, "", "**No changes.** Your infrastructure matches the configuration.", ""];
  const extras = s.counts.move > 0 ? ` ${s.counts.move} moved.` : "";
  return [title, "", `**${countsLine(s.counts)}**${extras}`, ""];
}

function banner(s: PlanSummary, limit = Infinity): string[] {
  if (s.destructive.length === 0) return [];
  const lines = s.destructive.slice(0, limit).map((r) =>
    `> - ${r.kind === "replace" ? "**replace**" : "**delete**"} \`${r.address}\`${r.reason ? ` — ${r.reason}` : ""}${r.protectedBecause ? ` — 🛡️ **PROTECTED**: ${r.protectedBecause}` : ""}`,
  );
  const more = s.destructive.length - lines.length;
  const protectedCount = s.destructive.filter((r) => r.protectedBecause).length;
  return [
    "> [!CAUTION]",
    `> **This plan deletes or replaces ${s.destructive.length} resource${s.destructive.length === 1 ? "" : "s"}${protectedCount ? `, ${protectedCount} of them protected` : ""}.**`,
    ...lines,
    ...(more > 0 ? [`> - … and ${more} more (see the plan artifact)`] : []),
    "",
  ];
}

function risks(s: PlanSummary, limit = Infinity): string[] {
  if (s.risks.length === 0) return [];
  const shown = s.risks.slice(0, limit);
  const more = s.risks.length - shown.length;
  return ["### ⚠️ Risk notes", "", ...shown.map((r) => `- \`${r.address}\`: ${r.message}`), ...(more > 0 ? [`- … and ${more} more risk notes (see \`--format json\`)`] : []), ""];
}

function attributeTable(r: ResourceSummary): string[] {
  if (r.attributes.length === 0) return [];
  return [
    "",
    "| attribute | before | after |",
    "|---|---|---|",
    ...r.attributes.map((a) => `| \`${a.path}\`${a.forcesReplacement ? " (forces replacement)" : ""} | ${formatValue(a.before)} | ${formatValue(a.after)} |`),
    "",
  ];
}

function resourceLine(r: ResourceSummary): string {
  const moved = r.previousAddress && r.previousAddress !== r.address ? ` (moved from \`${r.previousAddress}\`)` : "";
  const imported = r.importing ? " (import)" : "";
  return `${ICON[r.kind] ?? ""} ${r.kind} \`${r.address}\`${moved}${imported}`;
}

type Detail = "full" | "lines" | "addresses";

function resourceSection(title: string, resources: readonly ResourceSummary[], detail: Detail, limit = Infinity): string[] {
  if (resources.length === 0) return [];
  const out: string[] = [`### ${title}`, ""];
  let shown = 0;
  for (const kind of ORDER) {
    const group = resources.filter((r) => r.kind === kind);
    if (group.length === 0 || shown >= limit) continue;
    if (detail === "addresses") {
      const take = group.slice(0, limit - shown);
      out.push(`**${kind}** (${group.length}): ${take.map((r) => `\`${r.address}\``).join(", ")}`, "");
      shown += take.length;
      continue;
    }
    for (const r of group) {
      if (shown >= limit) break;
      shown++;
      if (detail === "lines" || r.attributes.length === 0) out.push(`- ${resourceLine(r)}`);
      else out.push("<details>", `<summary>${resourceLine(r)}</summary>`, ...attributeTable(r), "</details>", "");
    }
    if (detail === "lines") out.push("");
  }
  if (shown < resources.length) out.push(`_… ${resources.length - shown} more not listed._`, "");
  return out;
}

function outputs(s: PlanSummary, detail: Detail): string[] {
  if (s.outputs.length === 0) return [];
  if (detail === "addresses") return ["### Output changes", "", s.outputs.map((o) => `\`${o.name}\``).join(", "), ""];
  return [
    "### Output changes",
    "",
    "| output | change | before | after |",
    "|---|---|---|---|",
    ...s.outputs.map((o) => `| \`${o.name}\` | ${o.kind} | ${formatValue(o.before ?? undefined)} | ${formatValue(o.after ?? undefined)} |`),
    "",
  ];
}

function render(s: PlanSummary, detail: Detail, limit: number, note?: string): string {
  const lines = [
    ...header(s),
    ...banner(s, detail === "full" ? Infinity : 50),
    ...risks(s, detail === "full" ? Infinity : 50),
    ...resourceSection("Changes", s.resources, detail, limit),
    ...resourceSection("Changes made outside Terraform (drift)", s.drift, detail, limit),
    ...outputs(s, detail),
    ...(note ? [`> [!NOTE]`, `> ${note}`, ""] : []),
  ];
  return lines.join("\n");
}

/** Renders within `maxChars`, degrading detail step by step and saying what was cut. */
export function renderPlanMarkdown(s: PlanSummary, maxChars = DEFAULT_MAX_CHARS, marker = ""): string {
  const fits = (text: string) => marker.length + text.length <= maxChars;
  const full = render(s, "full", Infinity);
  if (fits(full)) return marker + full;
  const lines = render(s, "lines", Infinity, "Attribute-level detail was left out to fit the comment limit; the full plan is in the workflow artifact.");
  if (fits(lines)) return marker + lines;
  const total = s.resources.length + s.drift.length;
  const addressNote = (n: number) => `Per-resource detail was left out${n < total ? ` and only ${n} of ${total} addresses are listed` : ""} to fit the comment limit; the full plan is in the workflow artifact.`;
  const addresses = render(s, "addresses", Infinity, addressNote(total));
  if (fits(addresses)) return marker + addresses;
  // Binary search for the longest address list that fits.
  let lo = 0, hi = total;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(render(s, "addresses", mid, addressNote(mid)))) lo = mid; else hi = mid - 1;
  }
  const cut = render(s, "addresses", lo, addressNote(lo));
  if (fits(cut)) return marker + cut;
  // Even the header, banner and counts alone overflow: keep them and cut the banner list.
  const bare = [...header(s), ...banner(s, 10), ...risks(s, 10), "> [!NOTE]", "> Everything but the counts, the first deletions and the first risk notes was cut to fit the comment limit.", ""].join("\n");
  return marker + bare.slice(0, Math.max(0, maxChars - marker.length));
}
