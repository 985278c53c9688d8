/**
 * The record a plan review leaves in its sticky comment, for the deploy to check the plan it applies against:
 * the stage, the plan digest, the commit and run that produced it, whether a protected destroy was explicitly
 * allowed (the pull-request label `allow-protected-destroy:<stage>`), and short digests per changed address so
 * verify-plan can name what differs. It is a hidden HTML comment holding base64url JSON (addresses may contain
 * `-->`); it carries no value, only digests (tools/plan/plan-digest.ts).
 */
import type { ChangeDigest } from "../plan/plan-digest";
import { DIGEST_PATTERN } from "../plan/plan-digest";

export interface ReviewRecord {
  readonly version: 1;
  readonly stage: string;
  /** The plan digest; absent when the plan failed (the comment is then a failure notice). */
  readonly digest?: string;
  /** The pull request's head commit the plan was made from. */
  readonly head: string;
  /** Link to the workflow run. */
  readonly run?: string;
  readonly allowProtectedDestroy: boolean;
  /** Short digests per address; dropped when the record would not fit in a comment. */
  readonly changes?: Readonly<Record<string, ChangeDigest>>;
}

const PREFIX = "<!-- platform-infra:review-record ";
const SUFFIX = " -->";
/** Room the record may take in a 65,536-character comment, leaving the rest to the review itself. */
export const MAX_RECORD_CHARS = 20_000;

/** The pull-request label that allows a reviewed plan to delete or replace a protected resource of one stage. */
export const allowProtectedDestroyLabel = (stage: string) => `allow-protected-destroy:${stage}`;

export function renderRecord(record: ReviewRecord): string {
  const encode = (r: ReviewRecord) => `${PREFIX}${Buffer.from(JSON.stringify(r)).toString("base64url")}${SUFFIX}`;
  let text = encode(record);
  if (text.length > MAX_RECORD_CHARS && record.changes) {
    const withoutAttributes = Object.fromEntries(
      Object.entries(record.changes).map(([a, c]) => [a, { digest: c.digest }]),
    );
    text = encode({ ...record, changes: withoutAttributes });
    if (text.length > MAX_RECORD_CHARS) {
      const { changes: _dropped, ...rest } = record;
      text = encode(rest);
    }
  }
  return text;
}

/** The record in a comment body, or undefined when there is none or it is not one of ours. */
export function readRecord(body: string): ReviewRecord | undefined {
  const start = body.lastIndexOf(PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(SUFFIX, start + PREFIX.length);
  if (end < 0) return undefined;
  try {
    const record = JSON.parse(
      Buffer.from(body.slice(start + PREFIX.length, end), "base64url").toString("utf8"),
    ) as ReviewRecord;
    const valid =
      record.version === 1 &&
      typeof record.stage === "string" &&
      typeof record.head === "string" &&
      typeof record.allowProtectedDestroy === "boolean" &&
      (record.digest === undefined || DIGEST_PATTERN.test(record.digest));
    return valid ? record : undefined;
  } catch {
    return undefined;
  }
}
