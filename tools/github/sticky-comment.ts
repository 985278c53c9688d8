/**
 * One comment per pull request and stage, found again by a hidden marker and updated in place, so every push
 * refreshes the plan instead of adding a comment.
 */
import type { Octokit } from "@octokit/rest";

export function commentMarker(kind: string, key: string): string {
  return `<!-- platform-infra:${kind}:${key} -->\n`;
}

export type UpsertResult = { action: "created" | "updated" | "unchanged"; id: number };

export async function upsertStickyComment(
  octokit: Octokit,
  where: { owner: string; repo: string; issueNumber: number },
  marker: string,
  body: string,
): Promise<UpsertResult> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: where.owner, repo: where.repo, issue_number: where.issueNumber, per_page: 100,
  });
  const existing = comments.find((c) => c.body?.startsWith(marker));
  if (existing) {
    if (existing.body === body) return { action: "unchanged", id: existing.id };
    await octokit.rest.issues.updateComment({ owner: where.owner, repo: where.repo, comment_id: existing.id, body });
    return { action: "updated", id: existing.id };
  }
  const created = await octokit.rest.issues.createComment({ owner: where.owner, repo: where.repo, issue_number: where.issueNumber, body });
  return { action: "created", id: created.data.id };
}
