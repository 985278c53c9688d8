/**
 * The reviewed plan of a stage in a pull request: the record in the sticky review comment that our own identity
 * wrote (marker and author, never the marker alone), checked to describe the pull request's last commit and a plan
 * that succeeded. Every way it can be missing is one clear line.
 */
import type { Octokit } from "@octokit/rest";
import { UsageError } from "../usage-error";
import { readRecord, type ReviewRecord } from "./review-record";
import { commentMarker } from "./sticky-comment";

export interface ReviewedPlan {
  readonly record: ReviewRecord;
  /** Link to the review comment. */
  readonly url: string;
}

export async function reviewedPlan(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  pullRequest: number,
  stage: string,
  author: string,
): Promise<ReviewedPlan> {
  const where = `pull request #${pullRequest}`;
  const { data: pr } = await octokit.rest.pulls.get({ ...repo, pull_number: pullRequest });
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: pullRequest,
    per_page: 100,
  });
  const marker = commentMarker("plan", stage);
  const ours = comments.filter((c) => c.user?.login === author && (c.body ?? "").startsWith(marker));
  const planted = comments.filter((c) => c.user?.login !== author && (c.body ?? "").startsWith(marker)).length;
  const comment = ours.at(-1);
  if (!comment) {
    throw new UsageError(
      `${where} has no plan review of ${stage} by ${author}${planted ? ` (${planted} comment(s) by others carry the marker and are ignored)` : ""}; nothing reviewed to apply`,
    );
  }
  const record = readRecord(comment.body ?? "");
  if (!record || record.stage !== stage)
    throw new UsageError(`the plan review of ${stage} in ${where} carries no readable record; run the plan job again`);
  if (!record.digest)
    throw new UsageError(`the last plan of ${stage} in ${where} failed (see its comment); nothing reviewed to apply`);
  if (record.head !== pr.head.sha) {
    throw new UsageError(
      `the plan review of ${stage} in ${where} describes commit ${record.head.slice(0, 12)}, but its last commit is ${pr.head.sha.slice(0, 12)}; the plan of the last commit did not finish, so run it again`,
    );
  }
  return { record, url: comment.html_url };
}
