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
 *
 * Given a scrubber, every piece of plan text passes it *before* it is escaped, measured or shortened: credential
 * shapes are matched on the raw text (inside `<code>` an `_` is `&#95;`, and no scanner sees a token any more), the
 * length limit holds for the scrubbed text, and a value cut to MAX_VALUE_CHARS was scanned whole, before the cut
 * could split a credential. The pieces are scanned ahead in one batch (renderReviewMarkdown); only those a review of
 * this size can show: a 10,000-resource plan whose comment lists addresses never pays for its attribute values.
 */
import { SENSITIVE, UNKNOWN } from "./attribute-diff";
import { DEFAULT_MAX_CHARS } from "./comment-limits";
import { escapeHtmlCode, Scrubber } from "./scrub";
import { countsLine, type PlanSummary, type ResourceSummary } from "./summarize";
import type { ChangeKind } from "./plan-json";

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

/** What the renderer needs of the scrubber (tools/plan/scrub.ts). */
export interface PieceScrubber {
  /** A piece of plan text without the plan's sensitive values and credential shapes. */
  text(text: string): string;
  /** A value from the plan, its strings and keys scrubbed the same way (before it is written as JSON). */
  value<T>(value: T): T;
}

/** And what scrubbing the whole review takes (scans ahead and the final pass, without blocking). */
export interface ReviewScrubber extends PieceScrubber {
  /** The text with only the plan's sensitive values cleared (what the first render measures). */
  sensitive(text: string): string;
  /** A value with only the plan's sensitive values cleared. */
  sensitiveValue<T>(value: T): T;
  /** Scans texts ahead, so that `text()` finds them done. */
  prepare(texts: Iterable<string>): Promise<void>;
  /** The pass over the composed review. */
  final(text: string): Promise<string>;
}

const NO_SCRUB: PieceScrubber = { text: (t) => t, value: (v) => v };

export const code = (text: string) => `<code>${escapeHtmlCode(text)}</code>`;

const valueJson = (value: unknown): string =>
  JSON.stringify(value) ?? (typeof value === "function" ? "a function" : "undefined");

function valueText(value: unknown, scrub: PieceScrubber): string {
  if (value === undefined) return "—";
  if (value === SENSITIVE || value === UNKNOWN) return `<i>${value}</i>`;
  // Scrubbed as a value, before it is written as JSON: a secret inside a JSON document inside a string is then one
  // level of escaping away, not two (the scrubber knows two), and the value is scrubbed whole before it is cut.
  let text = scrub.text(valueJson(scrub.value(value)));
  if (text.length > MAX_VALUE_CHARS) text = `${text.slice(0, MAX_VALUE_CHARS - 1)}…`;
  return code(text.replace(/\n/g, " "));
}

/** A value for a table cell: JSON, shortened to MAX_VALUE_CHARS, inside `<code>`. */
export function formatValue(value: unknown): string {
  return valueText(value, NO_SCRUB);
}

const byTypeThenAddress = (a: ResourceSummary, b: ResourceSummary) =>
  a.type === b.type ? (a.address < b.address ? -1 : 1) : a.type < b.type ? -1 : 1;

/** Protected first, then by type and address. */
export function bannerOrder(resources: readonly ResourceSummary[]): ResourceSummary[] {
  return [...resources].sort(
    (a, b) => (a.protectedBecause ? 0 : 1) - (b.protectedBecause ? 0 : 1) || byTypeThenAddress(a, b),
  );
}

type Detail = "full" | "lines";

const SEE_ALL =
  "To see everything, run `infra plan-review <plan.json> --format markdown --max-chars 0` on the plan JSON locally (it holds sensitive values: never upload it).";

/**
 * One summary's markdown, rendered as often as fitting it to a limit takes: the orderings, groups and lines that do
 * not depend on the limit are made once.
 */
class PlanMarkdown {
  private readonly lines = new Map<ResourceSummary, string>();
  private readonly groups = new Map<readonly ResourceSummary[], Array<[ChangeKind, ResourceSummary[]]>>();
  private readonly destructive: readonly ResourceSummary[];
  private readonly forgotten: readonly ResourceSummary[];

  constructor(
    private readonly s: PlanSummary,
    private readonly scrub: PieceScrubber,
  ) {
    this.destructive = bannerOrder(s.destructive);
    this.forgotten = [...s.forgotten].sort(byTypeThenAddress);
  }

  /** Plan text inside `<code>`, scrubbed. */
  private code(text: string): string {
    return code(this.scrub.text(text));
  }

  private words(text: string): string {
    return escapeHtmlCode(this.scrub.text(text));
  }

  private header(): string[] {
    const s = this.s;
    // The stage is the caller's (a validated stage name), not plan text: never scrubbed.
    const title = `## Terraform plan${s.stage ? `: ${escapeHtmlCode(s.stage)}` : ""}`;
    if (s.noChanges) return [title, "", "**No changes.** Your infrastructure matches the configuration.", ""];
    const extras = `${s.counts.move > 0 ? ` ${s.counts.move} moved.` : ""}${s.counts.forget > 0 ? ` ${s.counts.forget} to forget (no longer managed, not destroyed).` : ""}`;
    return [title, "", `**${countsLine(s.counts)}**${extras}`, ""];
  }

  private typeTable(): string[] {
    const { byType } = this.s;
    if (byType.length === 0) return [];
    const kinds = ORDER.filter((k) => byType.some((t) => t.counts[k]));
    return [
      `| resource type | ${kinds.map((k) => `${ICON[k]} ${k}`).join(" | ")} |`,
      `|---|${kinds.map(() => "---:").join("|")}|`,
      ...byType.map(
        (t) => `| ${this.code(t.type)} | ${kinds.map((k) => (t.counts[k] ? String(t.counts[k]) : "")).join(" | ")} |`,
      ),
      "",
    ];
  }

  private banner(limit: number): string[] {
    const out: string[] = [];
    const ordered = this.destructive;
    if (ordered.length > 0) {
      const shown = ordered.slice(0, limit);
      const protectedCount = ordered.filter((r) => r.protectedBecause).length;
      out.push(
        "> [!CAUTION]",
        `> **This plan deletes or replaces ${ordered.length} resource${ordered.length === 1 ? "" : "s"}${protectedCount ? `, ${protectedCount} of them protected` : ""}.**`,
        ...shown.map(
          (r) =>
            `> - **${r.kind}** ${this.code(r.address)}${r.reason ? ` — ${this.words(r.reason)}` : ""}${r.protectedBecause ? ` — 🛡️ **PROTECTED**: ${r.protectedBecause}` : ""}`,
        ),
        ...(ordered.length > shown.length
          ? [`> - … and ${ordered.length - shown.length} more (see the note at the end)`]
          : []),
        "",
      );
    }
    const forgotten = this.forgotten;
    if (forgotten.length > 0) {
      const shown = forgotten.slice(0, limit);
      out.push(
        "> [!NOTE]",
        `> **${forgotten.length} resource${forgotten.length === 1 ? "" : "s"} will no longer be managed by Terraform, not destroyed** (\`removed\` with \`destroy = false\`): they keep running, and nothing in this repository changes them any more.`,
        ...shown.map((r) => `> - ${this.code(r.address)}`),
        ...(forgotten.length > shown.length ? [`> - … and ${forgotten.length - shown.length} more`] : []),
        "",
      );
    }
    return out;
  }

  private risks(limit: number): string[] {
    const { risks } = this.s;
    if (risks.length === 0) return [];
    const shown = risks.slice(0, limit);
    const more = risks.length - shown.length;
    return [
      "### ⚠️ Risk notes",
      "",
      ...shown.map((r) => `- ${this.code(r.address)}: ${this.words(r.message)} <sub>(${r.rule})</sub>`),
      ...(more > 0 ? [`- … and ${more} more risk notes`] : []),
      "",
    ];
  }

  private attributeTable(r: ResourceSummary): string[] {
    if (r.attributes.length === 0) return [];
    return [
      "",
      "| attribute | before | after |",
      "|---|---|---|",
      ...r.attributes.map(
        (a) =>
          `| ${this.code(a.path)}${a.forcesReplacement ? " <b>(forces replacement)</b>" : ""} | ${valueText(a.before, this.scrub)} | ${valueText(a.after, this.scrub)} |`,
      ),
      "",
    ];
  }

  private resourceLine(r: ResourceSummary): string {
    let line = this.lines.get(r);
    if (line === undefined) {
      const moved =
        r.previousAddress && r.previousAddress !== r.address ? ` (moved from ${this.code(r.previousAddress)})` : "";
      const imported = r.importing ? " (import)" : "";
      line = `${ICON[r.kind] ?? ""} ${r.kind} ${this.code(r.address)}${moved}${imported}`;
      this.lines.set(r, line);
    }
    return line;
  }

  private byKind(resources: readonly ResourceSummary[]): Array<[ChangeKind, ResourceSummary[]]> {
    let groups = this.groups.get(resources);
    if (!groups) {
      groups = ORDER.map((kind): [ChangeKind, ResourceSummary[]] => [
        kind,
        resources.filter((r) => r.kind === kind),
      ]).filter(([, group]) => group.length > 0);
      this.groups.set(resources, groups);
    }
    return groups;
  }

  /** Resources grouped by kind (most destructive first), at most `perKind` of each kind; and how many were left out. */
  private resourceSection(
    title: string,
    resources: readonly ResourceSummary[],
    detail: Detail,
    perKind: number,
  ): { lines: string[]; hidden: number } {
    if (resources.length === 0) return { lines: [], hidden: 0 };
    const out: string[] = [`### ${title}`, ""];
    let hidden = 0;
    for (const [kind, group] of this.byKind(resources)) {
      const shown = group.slice(0, perKind);
      hidden += group.length - shown.length;
      out.push(`**${kind}** (${group.length})`, "");
      for (const r of shown) {
        if (detail === "lines" || r.attributes.length === 0) out.push(`- ${this.resourceLine(r)}`);
        else
          out.push(
            "<details>",
            `<summary>${this.resourceLine(r)}</summary>`,
            ...this.attributeTable(r),
            "</details>",
            "",
          );
      }
      if (group.length > shown.length) out.push(`- … and ${group.length - shown.length} more ${kind}`);
      out.push("");
    }
    return { lines: out, hidden };
  }

  private outputs(): string[] {
    const { outputs } = this.s;
    if (outputs.length === 0) return [];
    return [
      "### Output changes",
      "",
      "| output | change | before | after |",
      "|---|---|---|---|",
      ...outputs.map(
        (o) =>
          `| ${this.code(o.name)} | ${o.kind} | ${valueText(o.before ?? undefined, this.scrub)} | ${valueText(o.after ?? undefined, this.scrub)} |`,
      ),
      "",
    ];
  }

  render(detail: Detail, perKind: number): string {
    const s = this.s;
    const changes = this.resourceSection("Changes", s.resources, detail, perKind);
    const drift = this.resourceSection("Changes made outside Terraform (drift)", s.drift, detail, perKind);
    const hidden =
      changes.hidden +
      drift.hidden +
      Math.max(0, s.destructive.length - perKind) +
      Math.max(0, s.forgotten.length - perKind) +
      Math.max(0, s.risks.length - perKind);
    const notes = [
      ...(detail === "lines" ? ["Attribute-level detail was left out to fit the comment limit."] : []),
      ...(hidden > 0
        ? [
            `Lists were cut to ${perKind} entr${perKind === 1 ? "y" : "ies"} per action to fit the comment limit; every count above is complete.`,
          ]
        : []),
    ];
    return [
      ...this.header(),
      ...this.typeTable(),
      ...this.banner(perKind),
      ...this.risks(perKind),
      ...changes.lines,
      ...drift.lines,
      ...this.outputs(),
      ...(notes.length > 0 ? ["> [!NOTE]", `> ${notes.join(" ")} ${SEE_ALL}`, ""] : []),
    ].join("\n");
  }

  /** Only the counts, when nothing else fits. */
  bare(maxChars: number): string {
    return [
      ...this.header(),
      "> [!NOTE]",
      `> Everything but the counts was cut to fit the comment limit of ${maxChars} characters. ${SEE_ALL}`,
      "",
    ].join("\n");
  }
}

/** The number of attributes the summary lists, counted only as far as `limit` (a large plan's are never all built). */
function attributesUpTo(s: PlanSummary, limit: number): number {
  let n = 0;
  for (const r of [...s.resources, ...s.drift]) {
    n += r.attributes.length;
    if (n > limit) break;
  }
  return n;
}

/** The shortest a listed resource's line can be: `- ➕ create <code>a.b</code>`. */
const MIN_LINE_CHARS = 20;

/** Whether attribute tables are worth trying: they take at least ~100 characters per changed attribute. */
const mayShowAttributes = (s: PlanSummary, maxChars: number) =>
  maxChars === 0 || attributesUpTo(s, maxChars / 100) * 100 <= maxChars;

/**
 * Renders within `maxChars` (0: no limit), degrading detail step by step and saying what was cut. With a scrubber,
 * every piece of plan text is scrubbed before it is escaped and measured. The result still needs the scrubber's pass
 * over the whole text (as renderReviewMarkdown does).
 */
export function renderPlanMarkdown(s: PlanSummary, maxChars = DEFAULT_MAX_CHARS, scrubber?: PieceScrubber): string {
  return fit(new PlanMarkdown(s, scrubber ?? NO_SCRUB), s, maxChars);
}

/**
 * The review as it is printed and posted. A first render records every piece of plan text it writes (with only the
 * sensitive values cleared, which is what fitting measures); those pieces are scanned for credentials in one batch;
 * the second render writes them scrubbed, and the whole text gets the scrubber's final pass. Only what a review of
 * this size shows is scanned: on a 10,000-resource plan, a few hundred addresses, not all of them. A piece the
 * second render writes that the first did not is still scrubbed (scanned then, blocking). Should the final text be
 * longer than `maxChars`, it is fitted again to the room left.
 */
export async function renderReviewMarkdown(
  s: PlanSummary,
  maxChars: number,
  scrubber: ReviewScrubber,
): Promise<string> {
  const written: string[] = [];
  renderPlanMarkdown(s, maxChars, {
    text: (t) => {
      written.push(t);
      return scrubber.sensitive(t);
    },
    value: (v) => {
      for (const text of Scrubber.stringsOf(v)) written.push(text);
      return scrubber.sensitiveValue(v);
    },
  });
  await scrubber.prepare(written);
  let room = maxChars;
  for (;;) {
    const text = await scrubber.final(renderPlanMarkdown(s, room, scrubber));
    if (maxChars === 0 || text.length <= maxChars || room <= 1) return text;
    room = Math.max(1, room - (text.length - maxChars));
  }
}

function fit(pen: PlanMarkdown, s: PlanSummary, maxChars: number): string {
  const fits = (text: string) => maxChars === 0 || text.length <= maxChars;
  const all = Math.max(s.resources.length, s.drift.length, s.destructive.length, s.forgotten.length, s.risks.length, 1);
  if (mayShowAttributes(s, maxChars)) {
    const full = pen.render("full", all);
    if (fits(full)) return full;
  }
  // Every listed line costs at least MIN_LINE_CHARS: a list that long cannot fit, so it is not rendered to find out.
  if (maxChars === 0 || (s.resources.length + s.drift.length) * MIN_LINE_CHARS <= maxChars) {
    const lines = pen.render("lines", all);
    if (fits(lines)) return lines;
  }
  // The longest per-action list length that fits; each action gets the same, so deletes are never crowded out.
  // Galloping from 1 keeps every render near the size of the answer (a 10,000-entry list is never rendered whole).
  let lo = 0;
  let hi = 1;
  while (hi < all && fits(pen.render("lines", hi))) {
    lo = hi;
    hi = Math.min(all, hi * 2);
  }
  if (hi === all && fits(pen.render("lines", hi))) lo = hi;
  else hi -= 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(pen.render("lines", mid))) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0) return pen.render("lines", lo);
  const cut = pen.render("lines", 0);
  if (fits(cut)) return cut;
  // Even the header, table and counts overflow: keep the counts line and say so.
  return pen.bare(maxChars).slice(0, Math.max(0, maxChars));
}
