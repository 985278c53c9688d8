/**
 * `infra plan-review <plan.json | -> [--stage S] [--format markdown|json] [--max-chars N]
 * [--fail-on-protected-destroy] [--github-comment]` summarizes `terraform show -json` output for a pull request;
 * `infra plan-review --failed <terraform.log> --stage S --github-comment` replaces the review with a failure notice.
 *
 * Everything printed or posted passes the scrubber (tools/plan/scrub.ts): the summary is built from masked values,
 * then every piece of plan text the markdown writes, every string of the JSON, and the final markdown are scrubbed
 * of the plan's sensitive values and of credential shapes.
 *
 * With --github-comment the sticky comment (found by marker and author) carries the review record the deploy
 * verifies against (tools/github/review-record.ts): plan digest, head commit, run link, and whether the pull
 * request's `allow-protected-destroy:<stage>` label allows a protected destroy. A stage without changes gets a
 * one-line comment. Exit 0; 3 with --fail-on-protected-destroy when a protected resource would be deleted or
 * replaced and no label allows it; 1 on bad input.
 */
import { appendFileSync, readFileSync } from "node:fs";
import type { ActionsContext } from "./github/actions-context";
import { allowProtectedDestroyLabel, renderRecord, type ReviewRecord } from "./github/review-record";
import { commentMarker } from "./github/sticky-comment";
import { changeDigests, planDigest } from "./plan/plan-digest";
import { parsePlanJson, type PlanJson } from "./plan/plan-json";
import { readPlan } from "./plan/read-plan-document";
import { COMMENT_LIMIT } from "./plan/comment-limits";
import { renderReviewMarkdown } from "./plan/render-markdown";
import { planSummaryJsonText } from "./plan/render-json";
import { Scrubber } from "./plan/scrub";
import { countsLine, summarizePlan } from "./plan/summarize";
import { UsageError } from "./usage-error";
import { collectGarbage } from "./memory";

export const EXIT_PROTECTED_DESTROY = 3;

export interface PlanReviewOptions {
  readonly stage?: string;
  readonly format: "markdown" | "json";
  /** Longest markdown; 0 means no limit (a posted comment is always kept within GitHub's limit). */
  readonly maxChars: number;
  readonly failOnProtectedDestroy: boolean;
  readonly githubComment: boolean;
}

/** The plan to review, from a file or stdin (`-`), parsed and checked. */
export const readPlanInput = readPlan;

interface PostContext {
  readonly ctx: ActionsContext;
  readonly stage: string;
  readonly head: string;
  readonly allowProtectedDestroy: boolean;
}

function postContext(stage: string | undefined, env: NodeJS.ProcessEnv): PostContext {
  if (!stage) throw new UsageError("--github-comment needs --stage: the comment and its review record are per stage");
  // The GitHub client loads only when a comment is asked for: a local review never pays for it.
  const { actionsContext } = require("./github/actions-context") as typeof import("./github/actions-context");
  const ctx = actionsContext(env);
  if (!ctx.pull)
    throw new UsageError("--github-comment needs a pull_request event (GITHUB_EVENT_PATH has no pull request)");
  const head = ctx.pull.headSha ?? env.GITHUB_SHA;
  if (!head) throw new UsageError("--github-comment: the event names no head commit and GITHUB_SHA is not set");
  return { ctx, stage, head, allowProtectedDestroy: ctx.pull.labels.includes(allowProtectedDestroyLabel(stage)) };
}

function footer(post: PostContext, digest?: string): string {
  const run = post.ctx.runUrl ? ` · [workflow run](${post.ctx.runUrl})` : "";
  const allowed = post.allowProtectedDestroy
    ? ` · label \`${allowProtectedDestroyLabel(post.stage)}\`: protected destroys allowed`
    : "";
  return `<sub>Commit ${post.head.slice(0, 12)}${run}${digest ? ` · plan \`${digest}\`` : ""}${allowed}</sub>`;
}

async function post(p: PostContext, body: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { octokitFor } = require("./github/actions-context") as typeof import("./github/actions-context");
  const { commentAuthor } = require("./github/comment-author") as typeof import("./github/comment-author");
  const { upsertStickyComment } = require("./github/sticky-comment") as typeof import("./github/sticky-comment");
  const octokit = octokitFor(p.ctx);
  const author = await commentAuthor(octokit, env);
  await upsertStickyComment(
    octokit,
    { owner: p.ctx.owner, repo: p.ctx.repo, issueNumber: p.ctx.pull!.number },
    commentMarker("plan", p.stage),
    body,
    author,
  );
  if (p.ctx.stepSummaryPath)
    appendFileSync(p.ctx.stepSummaryPath, `${body.slice(commentMarker("plan", p.stage).length)}\n`);
}

/**
 * Runs plan review and returns { output, exitCode }; posting the comment is a side effect when asked.
 *
 * A parsed plan passed in is consumed: once its record and sensitive values are taken, its `prior_state`,
 * `planned_values` and `configuration` are dropped, so that on a large plan (they are about half of it) their memory
 * is free again before the output is built.
 */
export async function planReview(
  input: string | Buffer | PlanJson,
  source: string,
  options: PlanReviewOptions,
  env: NodeJS.ProcessEnv = process.env,
) {
  const plan = typeof input === "string" || Buffer.isBuffer(input) ? parsePlanJson(input, source) : input;
  const postTo = options.githubComment ? postContext(options.stage, env) : undefined;
  // The record is computed from the plan as Terraform wrote it, before anything is scrubbed.
  const doc = plan as unknown as Record<string, unknown>;
  const record: ReviewRecord | undefined = postTo && {
    version: 1,
    stage: postTo.stage,
    digest: planDigest(doc, source),
    head: postTo.head,
    ...(postTo.ctx.runUrl ? { run: postTo.ctx.runUrl } : {}),
    allowProtectedDestroy: postTo.allowProtectedDestroy,
    changes: changeDigests(doc, source),
  };
  // Everything printed passes the scrubber: markdown piece by piece as it is written and then as a whole
  // (render-markdown.ts), JSON every string it takes from the plan (render-json.ts).
  const scrubber = Scrubber.forPlan(plan);
  releaseSectionsRead(plan);
  if ((plan.resource_changes?.length ?? 0) + (plan.resource_drift?.length ?? 0) >= LARGE_PLAN) collectGarbage();
  const summary = summarizePlan(plan, options.stage);
  const marker = postTo ? commentMarker("plan", postTo.stage) : "";

  let markdown = "";
  if (postTo && record) {
    const digest = record.digest!;
    const tail = `\n${footer(postTo, digest)}\n${renderRecord(record)}`;
    const room =
      Math.min(options.maxChars === 0 ? COMMENT_LIMIT : options.maxChars, COMMENT_LIMIT) - marker.length - tail.length;
    const review = summary.noChanges
      ? `**${postTo.stage}**: no changes. ${countsLine(summary.counts)}`
      : await renderReviewMarkdown(summary, Math.max(room, 200), scrubber);
    await post(postTo, `${marker}${review}${tail}`, env);
    markdown = review;
  }
  const output =
    options.format === "json"
      ? `${await planSummaryJsonText(summary, scrubber)}\n`
      : `${markdown && !summary.noChanges ? markdown : await renderReviewMarkdown(summary, options.maxChars, scrubber)}\n`;

  const protectedHit = summary.destructive.some((r) => r.protectedBecause);
  const allowed = postTo?.allowProtectedDestroy ?? false;
  return {
    output,
    summary,
    exitCode: options.failOnProtectedDestroy && protectedHit && !allowed ? EXIT_PROTECTED_DESTROY : 0,
  };
}

/**
 * Changes from which a plan counts as large: once its read-only sections are dropped, one full garbage collection
 * returns them and the plan's text (about half of everything allocated so far), which V8 would otherwise keep until
 * its next full collection, one a review never reaches: the review was built on top of them. Measured on the
 * 10,000-resource benchmark plan (bench/plan-review.bench.ts): peak memory 214 -> 154 MB for JSON, 168 -> 154 MB for
 * markdown, CPU the same within noise.
 */
const LARGE_PLAN = 1_000;

/** Drops what only the record and the scrubber read (see planReview). */
function releaseSectionsRead(plan: PlanJson): void {
  const sections = plan as { prior_state?: unknown; planned_values?: unknown; configuration?: unknown };
  delete sections.prior_state;
  delete sections.planned_values;
  delete sections.configuration;
}

/** Terraform's diagnostics from a plan's log: from the first error on, at most 80 lines, ANSI colours removed. */
export function diagnostics(log: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = log.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
  const first = lines.findIndex((l) => /^[│|]?\s*Error:|^Error:/.test(l.trim().replace(/^[╷│|]\s*/, "")));
  const from = first > 0 && /^╷/.test(lines[first - 1].trim()) ? first - 1 : Math.max(first, 0);
  const chosen = first < 0 ? lines.slice(-40) : lines.slice(from, from + 80);
  return chosen.join("\n").slice(0, 12_000).replace(/```/g, "ʼʼʼ");
}

/** `--failed <log>`: the review comment becomes a failure notice so it is never stale; no plan is recorded. */
export async function planFailed(
  logFile: string,
  options: Pick<PlanReviewOptions, "stage" | "githubComment">,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  let log: string;
  try {
    log = readFileSync(logFile, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${logFile}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  const text = await new Scrubber().textAsync(diagnostics(log));
  const notice = [
    `## Terraform plan${options.stage ? `: ${options.stage}` : ""}`,
    "",
    "> [!WARNING]",
    "> **The plan failed.** Nothing is reviewed for this commit, so nothing from it can be deployed; the previous review (if any) is replaced by this notice.",
    "",
    "<details open><summary>Terraform's diagnostics</summary>",
    "",
    "```text",
    text,
    "```",
    "</details>",
  ].join("\n");
  if (options.githubComment) {
    const p = postContext(options.stage, env);
    const record: ReviewRecord = {
      version: 1,
      stage: p.stage,
      head: p.head,
      ...(p.ctx.runUrl ? { run: p.ctx.runUrl } : {}),
      allowProtectedDestroy: false,
    };
    await post(p, `${commentMarker("plan", p.stage)}${notice}\n\n${footer(p)}\n${renderRecord(record)}`, env);
  }
  return `${notice}\n`;
}
