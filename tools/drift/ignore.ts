/**
 * Expected drift, declared in a stage's config (`drift.ignore`) and by the platform itself: which findings a run
 * lists as ignored instead of counting. An entry names a resource address glob (`*` matches any run of
 * characters; picomatch with brackets taken literally, since addresses hold them), optionally attribute paths, a
 * reason and an expiry date. Like a guardrail suppression, an entry that matches nothing in a run where the stage
 * refreshed, or whose date has passed, is an error naming it: exceptions do not outlive their reason.
 */
import picomatch from "picomatch";
import { coversPath } from "../../environments/config-paths";
import { SYNC_TAGS } from "../../constructs/secrets/consumers";

export interface IgnoreEntry {
  readonly address: string;
  readonly attributes?: readonly string[];
  readonly reason: string;
  /** YYYY-MM-DD; the entry holds through that day. */
  readonly expires?: string;
}

/**
 * Drift the platform expects of itself: attributes one resource sets on another, and the tags the sync commands
 * write. (After an apply these would otherwise show as drift, or be refreshed into state blind.)
 */
export const PLATFORM_EXPECTED_DRIFT: readonly IgnoreEntry[] = [
  {
    address: "aws_secretsmanager_secret.*",
    attributes: ["policy"],
    reason:
      "the secret's resource policy is its own resource (aws_secretsmanager_secret_policy), which sets this attribute after the secret exists",
  },
  ...Object.values(SYNC_TAGS).map((tag) => ({
    address: "aws_secretsmanager_secret.*",
    attributes: [`tags.${tag}`, `tags_all.${tag}`],
    reason: `infra secrets sync-* records what it delivered in the ${tag} tag; Terraform ignores that tag on purpose`,
  })),
];

export interface IgnoreMatch {
  readonly entry: IgnoreEntry;
  readonly source: "platform" | "config";
}

const matchers = new WeakMap<IgnoreEntry, (address: string) => boolean>();
function addressMatches(entry: IgnoreEntry, address: string): boolean {
  let matcher = matchers.get(entry);
  if (!matcher) {
    matcher = picomatch(entry.address, { nobracket: true, noextglob: true, nobrace: true, dot: true });
    matchers.set(entry, matcher);
  }
  return matcher(address);
}

/** The entry that expects this attribute of this resource to drift, or undefined. */
export function expectedBy(
  entries: readonly IgnoreMatch[],
  address: string,
  attributePath: string,
): IgnoreMatch | undefined {
  return entries.find(
    ({ entry }) =>
      addressMatches(entry, address) &&
      (!entry.attributes || entry.attributes.some((a) => coversPath(a, attributePath))),
  );
}

/** Config entries whose date has passed (the last day counted in UTC), as error lines naming them. */
export function expiredEntries(stage: string, entries: readonly IgnoreEntry[], today: Date): string[] {
  const day = today.toISOString().slice(0, 10);
  return entries
    .map((entry, i) => ({ entry, i }))
    .filter(({ entry }) => entry.expires !== undefined && entry.expires < day)
    .map(
      ({ entry, i }) =>
        `${stage}.drift.ignore.${i} (${entry.address}) expired on ${entry.expires}; renew it with a new date and reason, or remove it`,
    );
}

/** Config entries that matched nothing in a run where the stage refreshed, as error lines naming them. */
export function unusedEntries(
  stage: string,
  entries: readonly IgnoreEntry[],
  used: ReadonlySet<IgnoreEntry>,
): string[] {
  return entries
    .map((entry, i) => ({ entry, i }))
    .filter(({ entry }) => !used.has(entry))
    .map(
      ({ entry, i }) =>
        `${stage}.drift.ignore.${i} (${entry.address}${entry.attributes ? ` ${entry.attributes.join(", ")}` : ""}) matched no drift; remove it, the drift it expected is gone`,
    );
}
