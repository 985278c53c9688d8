/**
 * One comment per pull request and stage, found again by a hidden marker *and* its author (the identity of the
 * token the tools post with, comment-author.ts) and updated in place, so every push refreshes the plan instead of
 * adding a comment, and a comment anyone else plants with the marker is never adopted.
 */
import type { Octokit } from "@octokit/rest";

export function commentMarker(kind: string, key: string): string {
  return `<!-- platform-infra:${kind}:${key} -->\n`;
}

export type UpsertResult = { action: "created" | "updated" | "unchanged"; id: number; url?: string };

export async function upsertStickyComment(
  octokit: Octokit,
  where: { owner: string; repo: string; issueNumber: number },
  marker: string,
  body: string,
  author: string,
): Promise<UpsertResult> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner: where.owner,
    repo: where.repo,
    issue_number: where.issueNumber,
    per_page: 100,
  });
  const existing = comments.filter((c) => c.user?.login === author && c.body?.startsWith(marker)).at(-1);
  if (existing) {
    if (existing.body === body) return { action: "unchanged", id: existing.id, url: existing.html_url };
    await octokit.rest.issues.updateComment({ owner: where.owner, repo: where.repo, comment_id: existing.id, body });
    return { action: "updated", id: existing.id, url: existing.html_url };
  }
  const created = await octokit.rest.issues.createComment({
    owner: where.owner,
    repo: where.repo,
    issue_number: where.issueNumber,
    body,
  });
  return { action: "created", id: created.data.id, url: created.data.html_url };
}
