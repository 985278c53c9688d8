/**
 * `infra plan-review <plan.json | -> [--stage S] [--format markdown|json] [--max-chars N]
 * [--fail-on-protected-destroy] [--github-comment]`: summarizes `terraform show -json` output for a pull request.
 * Exit 0; 3 with --fail-on-protected-destroy when a protected resource would be deleted or replaced; 1 on bad input.
 */
import { appendFileSync, existsSync } from "node:fs";
import { actionsContext, octokitFor } from "./github/actions-context";
import { commentMarker, upsertStickyComment } from "./github/sticky-comment";
import { parsePlanJson, type PlanJson } from "./plan/plan-json";
import { parsePlanBuffer, parsePlanFile } from "./plan/plan-sections";
import { renderPlanMarkdown } from "./plan/render-markdown";
import { planSummaryJson } from "./plan/render-json";
import { summarizePlan } from "./plan/summarize";

export const EXIT_PROTECTED_DESTROY = 3;

export interface PlanReviewOptions {
  readonly stage?: string;
  readonly format: "markdown" | "json";
  readonly maxChars: number;
  readonly failOnProtectedDestroy: boolean;
  readonly githubComment: boolean;
}

/** The plan to review: a file is scanned in place (parsePlanFile); stdin is read whole. */
export async function readPlanInput(file: string): Promise<Buffer | PlanJson> {
  if (file !== "-") {
    if (!existsSync(file)) throw new Error(`no such file`);
    return parsePlanFile(file);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Runs plan review and returns { output, exitCode }; posting the comment is a side effect when asked. */
export async function planReview(input: string | Buffer | PlanJson, source: string, options: PlanReviewOptions, env: NodeJS.ProcessEnv = process.env) {
  const plan = typeof input === "string" ? parsePlanJson(input, source) : Buffer.isBuffer(input) ? parsePlanBuffer(input, source) : input;
  const summary = summarizePlan(plan, options.stage);
  const marker = commentMarker("plan", options.stage ?? "default");
  // Markdown is rendered only when printed or posted: on a large plan it is a good part of the run.
  const needsMarkdown = options.format === "markdown" || options.githubComment;
  const markdown = needsMarkdown ? renderPlanMarkdown(summary, options.maxChars, marker) : "";
  const output = options.format === "json" ? `${JSON.stringify(planSummaryJson(summary))}\n` : `${markdown}\n`;

  if (options.githubComment) {
    const ctx = actionsContext(env);
    if (!ctx.pullRequest) throw new Error("--github-comment needs a pull_request event (GITHUB_EVENT_PATH has no pull request number)");
    await upsertStickyComment(octokitFor(ctx), { owner: ctx.owner, repo: ctx.repo, issueNumber: ctx.pullRequest }, marker, markdown);
    if (ctx.stepSummaryPath) appendFileSync(ctx.stepSummaryPath, `${markdown}\n`);
  }
  const protectedHit = summary.destructive.some((r) => r.protectedBecause);
  return { output, summary, exitCode: options.failOnProtectedDestroy && protectedHit ? EXIT_PROTECTED_DESTROY : 0 };
}

