/**
 * The plan summary as markdown for a pull-request comment:
 * 1. header and Terraform's counts line;
 * 2. a table of changes by resource type × action (always present, whatever the size);
 * 3. a loud banner for deletions and replacements (protected resources first, then by type) and a note for
 *    resources that will no longer be managed (`forget`: not destroyed);
 * 4. risk notes;
 * 5. per-resource detail, collapsed (`<details>`), then drift and output changes.
 *
 * It never exceeds `maxChars` (0 = no limit): attribute detail goes first, then each action's list is cut to the
 * same length (a long list of replaces never hides the deletes), and the comment says what was cut and how to see
 * everything: `infra plan-review <plan.json> --format markdown --max-chars 0` on the plan JSON, locally.
 *
 * Everything that comes from the plan (addresses, attribute paths, values) is written inside `<code>` with every
 * character markdown or HTML could interpret escaped as an entity (escapeHtmlCode): GitHub renders no markdown
 * inside HTML, and an address like `module.x["a|b"]` must not break a table.
 */
import { SENSITIVE, UNKNOWN } from "./attribute-diff";
import { escapeHtmlCode } from "./scrub";
import { countsLine, type PlanSummary, type ResourceSummary } from "./summarize";
import type { ChangeKind } from "./plan-json";

export const DEFAULT_MAX_CHARS = 65_000;

const ICON: Record<ChangeKind, string> = {
  create: "➕",
  update: "🔄",
  replace: "♻️",
  delete: "🗑️",
  forget: "📤",
  read: "📖",
  "no-op": "⏺️",
};
/** Most destructive first. */
const ORDER: readonly ChangeKind[] = ["delete", "replace", "forget", "create", "update", "read", "no-op"];
/** Long values are shortened in tables (the scrubber scans longer strings whole before they are cut). */
export const MAX_VALUE_CHARS = 300;

export const code = (text: string) => `<code>${escapeHtmlCode(text)}</code>`;

export function formatValue(value: unknown): string {
  if (value === undefined) return "—";
  if (value === SENSITIVE || value === UNKNOWN) return `<i>${value}</i>`;
  let text = JSON.stringify(value) ?? (typeof value === "function" ? "a function" : "undefined");
  if (text.length > MAX_VALUE_CHARS) text = `${text.slice(0, MAX_VALUE_CHARS - 1)}…`;
  return code(text.replace(/\n/g, " "));
}

function header(s: PlanSummary): string[] {
  const title = `## Terraform plan${s.stage ? `: ${escapeHtmlCode(s.stage)}` : ""}`;
  if (s.noChanges) return [title, "", "**No changes.** Your infrastructure matches the configuration.", ""];
  const extras = `${s.counts.move > 0 ? ` ${s.counts.move} moved.` : ""}${s.counts.forget > 0 ? ` ${s.counts.forget} to forget (no longer managed, not destroyed).` : ""}`;
  return [title, "", `**${countsLine(s.counts)}**${extras}`, ""];
}

function typeTable(s: PlanSummary): string[] {
  if (s.byType.length === 0) return [];
  const kinds = ORDER.filter((k) => s.byType.some((t) => t.counts[k]));
  return [
    `| resource type | ${kinds.map((k) => `${ICON[k]} ${k}`).join(" | ")} |`,
    `|---|${kinds.map(() => "---:").join("|")}|`,
    ...s.byType.map(
      (t) => `| ${code(t.type)} | ${kinds.map((k) => (t.counts[k] ? String(t.counts[k]) : "")).join(" | ")} |`,
    ),
    "",
  ];
}

const byTypeThenAddress = (a: ResourceSummary, b: ResourceSummary) =>
  a.type === b.type ? (a.address < b.address ? -1 : 1) : a.type < b.type ? -1 : 1;

/** Protected first, then by type and address. */
export function bannerOrder(resources: readonly ResourceSummary[]): ResourceSummary[] {
  return [...resources].sort(
    (a, b) => (a.protectedBecause ? 0 : 1) - (b.protectedBecause ? 0 : 1) || byTypeThenAddress(a, b),
  );
}

function banner(s: PlanSummary, limit: number): string[] {
  const out: string[] = [];
  if (s.destructive.length > 0) {
    const ordered = bannerOrder(s.destructive);
    const shown = ordered.slice(0, limit);
    const protectedCount = ordered.filter((r) => r.protectedBecause).length;
    out.push(
      "> [!CAUTION]",
      `> **This plan deletes or replaces ${ordered.length} resource${ordered.length === 1 ? "" : "s"}${protectedCount ? `, ${protectedCount} of them protected` : ""}.**`,
      ...shown.map(
        (r) =>
          `> - **${r.kind}** ${code(r.address)}${r.reason ? ` — ${escapeHtmlCode(r.reason)}` : ""}${r.protectedBecause ? ` — 🛡️ **PROTECTED**: ${r.protectedBecause}` : ""}`,
      ),
      ...(ordered.length > shown.length
        ? [`> - … and ${ordered.length - shown.length} more (see the note at the end)`]
        : []),
      "",
    );
  }
  if (s.forgotten.length > 0) {
    const shown = [...s.forgotten].sort(byTypeThenAddress).slice(0, limit);
    out.push(
      "> [!NOTE]",
      `> **${s.forgotten.length} resource${s.forgotten.length === 1 ? "" : "s"} will no longer be managed by Terraform, not destroyed** (\`removed\` with \`destroy = false\`): they keep running, and nothing in this repository changes them any more.`,
      ...shown.map((r) => `> - ${code(r.address)}`),
      ...(s.forgotten.length > shown.length ? [`> - … and ${s.forgotten.length - shown.length} more`] : []),
      "",
    );
  }
  return out;
}

function risks(s: PlanSummary, limit: number): string[] {
  if (s.risks.length === 0) return [];
  const shown = s.risks.slice(0, limit);
  const more = s.risks.length - shown.length;
  return [
    "### ⚠️ Risk notes",
    "",
    ...shown.map((r) => `- ${code(r.address)}: ${escapeHtmlCode(r.message)} <sub>(${r.rule})</sub>`),
    ...(more > 0 ? [`- … and ${more} more risk notes`] : []),
    "",
  ];
}

function attributeTable(r: ResourceSummary): string[] {
  if (r.attributes.length === 0) return [];
  return [
    "",
    "| attribute | before | after |",
    "|---|---|---|",
    ...r.attributes.map(
      (a) =>
        `| ${code(a.path)}${a.forcesReplacement ? " <b>(forces replacement)</b>" : ""} | ${formatValue(a.before)} | ${formatValue(a.after)} |`,
    ),
    "",
  ];
}

const lineCache = new WeakMap<ResourceSummary, string>();

function resourceLine(r: ResourceSummary): string {
  const cached = lineCache.get(r);
  if (cached !== undefined) return cached;
  const line = resourceLineUncached(r);
  lineCache.set(r, line);
  return line;
}

function resourceLineUncached(r: ResourceSummary): string {
  const moved = r.previousAddress && r.previousAddress !== r.address ? ` (moved from ${code(r.previousAddress)})` : "";
  const imported = r.importing ? " (import)" : "";
  return `${ICON[r.kind] ?? ""} ${r.kind} ${code(r.address)}${moved}${imported}`;
}

type Detail = "full" | "lines";

/** Resources grouped by kind (most destructive first), at most `perKind` of each kind. Returns lines and how many were left out. */
function resourceSection(
  title: string,
  resources: readonly ResourceSummary[],
  detail: Detail,
  perKind: number,
): { lines: string[]; hidden: number } {
  if (resources.length === 0) return { lines: [], hidden: 0 };
  const out: string[] = [`### ${title}`, ""];
  let hidden = 0;
  for (const kind of ORDER) {
    const group = resources.filter((r) => r.kind === kind);
    if (group.length === 0) continue;
    const shown = group.slice(0, perKind);
    hidden += group.length - shown.length;
    out.push(`**${kind}** (${group.length})`, "");
    for (const r of shown) {
      if (detail === "lines" || r.attributes.length === 0) out.push(`- ${resourceLine(r)}`);
      else out.push("<details>", `<summary>${resourceLine(r)}</summary>`, ...attributeTable(r), "</details>", "");
    }
    if (group.length > shown.length) out.push(`- … and ${group.length - shown.length} more ${kind}`);
    out.push("");
  }
  return { lines: out, hidden };
}

function outputs(s: PlanSummary): string[] {
  if (s.outputs.length === 0) return [];
  return [
    "### Output changes",
    "",
    "| output | change | before | after |",
    "|---|---|---|---|",
    ...s.outputs.map(
      (o) =>
        `| ${code(o.name)} | ${o.kind} | ${formatValue(o.before ?? undefined)} | ${formatValue(o.after ?? undefined)} |`,
    ),
    "",
  ];
}

const SEE_ALL =
  "To see everything, run `infra plan-review <plan.json> --format markdown --max-chars 0` on the plan JSON locally (it holds sensitive values: never upload it).";

function render(s: PlanSummary, detail: Detail, perKind: number): string {
  const changes = resourceSection("Changes", s.resources, detail, perKind);
  const drift = resourceSection("Changes made outside Terraform (drift)", s.drift, detail, perKind);
  const hidden =
    changes.hidden + drift.hidden + Math.max(0, s.destructive.length - perKind) + Math.max(0, s.risks.length - perKind);
  const notes = [
    ...(detail === "lines" ? ["Attribute-level detail was left out to fit the comment limit."] : []),
    ...(hidden > 0
      ? [
          `Lists were cut to ${perKind} entr${perKind === 1 ? "y" : "ies"} per action to fit the comment limit; every count above is complete.`,
        ]
      : []),
  ];
  const lines = [
    ...header(s),
    ...typeTable(s),
    ...banner(s, perKind),
    ...risks(s, perKind),
    ...changes.lines,
    ...drift.lines,
    ...outputs(s),
    ...(notes.length > 0 ? ["> [!NOTE]", `> ${notes.join(" ")} ${SEE_ALL}`, ""] : []),
  ];
  return lines.join("\n");
}

/** Renders within `maxChars` (0: no limit), degrading detail step by step and saying what was cut. */
export function renderPlanMarkdown(s: PlanSummary, maxChars = DEFAULT_MAX_CHARS, marker = ""): string {
  const fits = (text: string) => maxChars === 0 || marker.length + text.length <= maxChars;
  const all = Math.max(s.resources.length, s.drift.length, s.destructive.length, s.forgotten.length, s.risks.length, 1);
  // Attribute tables take at least ~100 characters per changed attribute: skip rendering them when that alone overflows.
  const attributeCount =
    s.resources.reduce((n, r) => n + r.attributes.length, 0) + s.drift.reduce((n, r) => n + r.attributes.length, 0);
  if (maxChars === 0 || attributeCount * 100 <= maxChars) {
    const full = render(s, "full", all);
    if (fits(full)) return marker + full;
  }
  const lines = render(s, "lines", all);
  if (fits(lines)) return marker + lines;
  // The longest per-action list length that fits; each action gets the same, so deletes are never crowded out.
  let lo = 0,
    hi = all;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(render(s, "lines", mid))) lo = mid;
    else hi = mid - 1;
  }
  const cut = render(s, "lines", lo);
  if (fits(cut)) return marker + cut;
  // Even the header, table and counts overflow: keep the counts line and say so.
  const bare = [
    ...header(s),
    "> [!NOTE]",
    `> Everything but the counts was cut to fit the comment limit of ${maxChars} characters. ${SEE_ALL}`,
    "",
  ].join("\n");
  return marker + bare.slice(0, Math.max(0, maxChars - marker.length));
}
