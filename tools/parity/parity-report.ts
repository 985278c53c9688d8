/**
 * `infra parity`: how two stages differ in what the code declares. Every config leaf that differs is one of:
 * - per-stage: a stage's own names, hosts and place in the promotion order (project name, domains, API hostname,
 *   Fly app, zone ownership, order), or a value that is equal once those are replaced by placeholders
 *   (`https://api.staging.example.com` vs `https://api.example.com`);
 * - intended: covered by `differsOnPurpose` of either stage, with the reason, or following from the stages' tiers
 *   (`tier` itself, and a field left at its tier default on both sides, such as `github.pullRequestPlans`);
 * - undeclared: everything else, listed first: the differences nobody said were meant.
 * Resources that only one stage's stack declares are listed too (by construct path inside the stack).
 * JSON (`--format json`) is `ParityReport`, schemaVersion 1.
 */
import { configLeaves, coversPath } from "../../environments/config-paths";
import type { StageConfig } from "../../environments";
import { tierDefaults } from "../../environments/tiers";

export type DifferenceKind = "undeclared" | "intended" | "per-stage";

export interface Difference {
  readonly path: string;
  /** The value in each stage; absent when the stage has no such path. */
  readonly a?: unknown;
  readonly b?: unknown;
  readonly kind: DifferenceKind;
  /** For intended differences: `<stage>: <reason>` of each stage that declared it. */
  readonly reasons?: readonly string[];
}

export interface StackResource {
  readonly type: string;
  /** Construct path inside the stack, e.g. `vercel-app/firewall`. */
  readonly path: string;
}

export interface ParityReport {
  readonly schemaVersion: 1;
  readonly stages: readonly [string, string];
  readonly differences: readonly Difference[];
  readonly resourcesOnlyIn: Readonly<Record<string, readonly StackResource[]>>;
  /** `differsOnPurpose` entries of either stage under which these two stages do not differ (they may differ from a third). */
  readonly declaredButEqual: readonly string[];
}

/** A stage's own names: always different between stages, by design. */
const PER_STAGE_PATHS = [
  "name",
  "order",
  "vercel.projectName",
  "vercel.domains",
  "cloudflare.apiHostname",
  "cloudflare.ownsZone",
  "fly.app",
];

/** The value with the stage's own names replaced by placeholders, for comparing values that embed them. */
function withoutStageNames(value: unknown, stage: StageConfig): string {
  const names: [string, string][] = [
    [stage.cloudflare.apiHostname, "<api hostname>"],
    [stage.vercel.projectName, "<vercel project>"],
    [stage.fly.app, "<fly app>"],
    ...stage.vercel.domains.map((domain, i): [string, string] => [domain, `<domain ${i + 1}>`]),
  ];
  let text = JSON.stringify(value) ?? "";
  for (const [name, placeholder] of names.sort(([x], [y]) => y.length - x.length))
    text = text.split(name).join(placeholder);
  return text;
}

const isEmpty = (value: unknown) =>
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && value !== null && Object.keys(value).length === 0);
const hasLeavesBelow = (leaves: ReadonlyMap<string, unknown>, path: string) =>
  [...leaves.keys()].some((p) => p.startsWith(`${path}.`));

const KIND_ORDER: readonly DifferenceKind[] = ["undeclared", "intended", "per-stage"];

/** A difference the tiers explain: the tier itself, or a field both stages leave at their own tier's default. */
function followsFromTiers(path: string, a: StageConfig, b: StageConfig): boolean {
  if (path === "tier") return true;
  const defaultsA = tierDefaults(a.tier) as Record<string, unknown>;
  const defaultsB = tierDefaults(b.tier) as Record<string, unknown>;
  if (!(path in defaultsA)) return false;
  const value = (stage: StageConfig) =>
    path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], stage);
  return value(a) === defaultsA[path] && value(b) === defaultsB[path];
}

export function parityReport(
  a: StageConfig,
  b: StageConfig,
  resources: { a: readonly StackResource[]; b: readonly StackResource[] },
): ParityReport {
  const leavesOf = (stage: StageConfig) => {
    const { differsOnPurpose: _declarations, ...config } = stage;
    return configLeaves(config);
  };
  const leavesA = leavesOf(a);
  const leavesB = leavesOf(b);
  const declarations = [a, b].flatMap((stage) =>
    Object.entries(stage.differsOnPurpose).map(([section, reason]) => ({ stage: stage.name, section, reason })),
  );
  const used = new Set<string>();

  const differences: Difference[] = [];
  for (const path of new Set([...leavesA.keys(), ...leavesB.keys()])) {
    const inA = leavesA.has(path);
    const inB = leavesB.has(path);
    const valueA = leavesA.get(path);
    const valueB = leavesB.get(path);
    if (inA && inB && JSON.stringify(valueA) === JSON.stringify(valueB)) continue;
    // An empty list or map on one side against items on the other: the items' own paths say it.
    if (!inA && isEmpty(valueB) && hasLeavesBelow(leavesA, path)) continue;
    if (!inB && isEmpty(valueA) && hasLeavesBelow(leavesB, path)) continue;
    const values = { ...(inA ? { a: valueA } : {}), ...(inB ? { b: valueB } : {}) };
    const perStage =
      PER_STAGE_PATHS.some((p) => coversPath(p, path)) ||
      (inA && inB && withoutStageNames(valueA, a) === withoutStageNames(valueB, b));
    if (perStage) {
      differences.push({ path, ...values, kind: "per-stage" });
      continue;
    }
    if (followsFromTiers(path, a, b)) {
      differences.push({
        path,
        ...values,
        kind: "intended",
        reasons: [`follows from the tiers (${a.name}: ${a.tier}, ${b.name}: ${b.tier})`],
      });
      continue;
    }
    const covering = declarations.filter((d) => coversPath(d.section, path));
    covering.forEach((d) => used.add(`${d.stage}:${d.section}`));
    differences.push(
      covering.length > 0
        ? { path, ...values, kind: "intended", reasons: covering.map((d) => `${d.stage}: ${d.reason}`) }
        : { path, ...values, kind: "undeclared" },
    );
  }
  differences.sort((x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) || x.path.localeCompare(y.path));

  // Construct ids embed hostnames (`dns/frontend-staging.example.com`): compare them with the stage's names replaced.
  const key = (r: StackResource, stage: StageConfig) => `${r.type} ${withoutStageNames(r.path, stage)}`;
  const only = (
    mine: readonly StackResource[],
    me: StageConfig,
    theirs: readonly StackResource[],
    them: StageConfig,
  ) => {
    const other = new Set(theirs.map((r) => key(r, them)));
    return mine.filter((r) => !other.has(key(r, me))).sort((x, y) => x.path.localeCompare(y.path));
  };
  return {
    schemaVersion: 1,
    stages: [a.name, b.name],
    differences,
    resourcesOnlyIn: { [a.name]: only(resources.a, a, resources.b, b), [b.name]: only(resources.b, b, resources.a, a) },
    declaredButEqual: declarations
      .filter((d) => !used.has(`${d.stage}:${d.section}`))
      .map((d) => `${d.stage}: ${d.section}`),
  };
}

function cell(value: unknown, present: boolean): string {
  if (!present) return "—";
  const text = JSON.stringify(value) ?? "null";
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `\`${short.replace(/\|/g, "\\|")}\``;
}

export function renderParityMarkdown(report: ParityReport): string {
  const [a, b] = report.stages;
  const count = (kind: DifferenceKind) => report.differences.filter((d) => d.kind === kind).length;
  const lines = [
    `## Parity: ${a} and ${b}`,
    "",
    `${count("undeclared")} undeclared, ${count("intended")} intended and ${count("per-stage")} per-stage differences; ` +
      `${report.resourcesOnlyIn[a].length} resources only in ${a}, ${report.resourcesOnlyIn[b].length} only in ${b}.`,
  ];
  const table = (kind: DifferenceKind, title: string, withReason: boolean, none: string) => {
    const rows = report.differences.filter((d) => d.kind === kind);
    lines.push("", `### ${title}`, "");
    if (rows.length === 0) return lines.push(none);
    lines.push(`| path | ${a} | ${b} |${withReason ? " why |" : ""}`, `|---|---|---|${withReason ? "---|" : ""}`);
    for (const d of rows) {
      const why = withReason ? ` ${(d.reasons ?? []).join("; ").replace(/\|/g, "\\|")} |` : "";
      lines.push(`| \`${d.path}\` | ${cell(d.a, "a" in d)} | ${cell(d.b, "b" in d)} |${why}`);
    }
    return lines.length;
  };
  table(
    "undeclared",
    "Undeclared differences",
    false,
    `None: every difference is a per-stage name or is declared in \`differsOnPurpose\`.`,
  );
  table("intended", "Intended differences (`differsOnPurpose`)", true, "None.");
  table("per-stage", "Per-stage names and hosts", false, "None.");
  for (const stage of [a, b]) {
    const resources = report.resourcesOnlyIn[stage];
    lines.push("", `### Resources only in ${stage}`, "");
    lines.push(...(resources.length === 0 ? ["None."] : resources.map((r) => `- \`${r.path}\` (${r.type})`)));
  }
  if (report.declaredButEqual.length > 0) {
    lines.push(
      "",
      "### Declared differences these two stages do not have",
      "",
      ...report.declaredButEqual.map((d) => `- ${d}`),
    );
  }
  return `${lines.join("\n")}\n`;
}
