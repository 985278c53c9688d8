/**
 * What a GitHub Actions run tells us through its standard environment: repository, API base URL, token and the
 * pull request of the triggering event. Tests point GITHUB_API_URL at a local stand-in.
 */
import { readFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";

export interface ActionsContext {
  readonly owner: string;
  readonly repo: string;
  readonly apiUrl: string;
  readonly token: string;
  readonly pullRequest?: number;
  readonly stepSummaryPath?: string;
}

export function actionsContext(env: NodeJS.ProcessEnv = process.env): ActionsContext {
  const missing = ["GITHUB_REPOSITORY", "GITHUB_TOKEN"].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set; run inside GitHub Actions or set them (GITHUB_TOKEN needs pull-requests/issues write)`);
  }
  const [owner, repo] = env.GITHUB_REPOSITORY!.split("/") as [string, string];
  let pullRequest: number | undefined;
  if (env.GITHUB_EVENT_PATH) {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
    pullRequest = event.pull_request?.number ?? event.issue?.number ?? undefined;
  }
  return {
    owner,
    repo,
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    token: env.GITHUB_TOKEN!,
    ...(pullRequest ? { pullRequest } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { stepSummaryPath: env.GITHUB_STEP_SUMMARY } : {}),
  };
}

export function octokitFor(ctx: ActionsContext): Octokit {
  return new Octokit({ auth: ctx.token, baseUrl: ctx.apiUrl, userAgent: "platform-infra", request: { retries: 0 } });
}
