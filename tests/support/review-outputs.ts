/**
 * Plan review as the tests of issue 14 run it: the options of a production review, and one plan reviewed in every
 * output format (what a leak test must search).
 */
import { planReview, type PlanReviewOptions } from "../../tools/plan-review";
import type { PlanJson } from "../../tools/plan/plan-json";

/** A production review in markdown within a comment's size, protected destroys failing, no comment posted. */
export const reviewOptions = (extra: Partial<PlanReviewOptions> = {}): PlanReviewOptions => ({
  stage: "production",
  format: "markdown",
  maxChars: 65_000,
  failOnProtectedDestroy: true,
  githubComment: false,
  ...extra,
});

/** One plan's markdown (default, cut at `cutAt` characters, unlimited) and JSON, in that order. */
export async function everyFormat(plan: string | PlanJson, cutAt = 700): Promise<string[]> {
  const text = typeof plan === "string" ? plan : JSON.stringify(plan);
  return Promise.all(
    [
      reviewOptions(),
      reviewOptions({ maxChars: cutAt }),
      reviewOptions({ maxChars: 0 }),
      reviewOptions({ format: "json" }),
    ].map((o) => planReview(text, "plan.json", o).then((r) => r.output)),
  );
}
