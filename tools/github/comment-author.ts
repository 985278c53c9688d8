/**
 * Whose comments are ours: the login of the token the tools post with. A comment found by its marker alone could be
 * planted by any participant (dflook's github_pr_comment matches header *and* author); so the sticky review comment
 * and the reviewed record are only ever read from comments this identity wrote. An installation token (the
 * workflow's GITHUB_TOKEN) cannot ask who it is, and always posts as `github-actions[bot]`;
 * `INFRA_COMMENT_AUTHOR` names the identity explicitly when the tools post as another app.
 */
import type { Octokit } from "@octokit/rest";

export const ACTIONS_BOT = "github-actions[bot]";

export async function commentAuthor(octokit: Octokit, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.INFRA_COMMENT_AUTHOR) return env.INFRA_COMMENT_AUTHOR;
  try {
    return (await octokit.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 401) return ACTIONS_BOT;
    throw error;
  }
}
