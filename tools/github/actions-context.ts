/**
 * What a GitHub Actions run tells us through its standard environment: repository, API base URL, the pull request
 * (number, head commit, labels) of the triggering event and the run's URL, plus the notifier's token.
 *
 * The token is INFRA_NOTIFY_TOKEN, never GITHUB_TOKEN: the GitHub Terraform provider reads GITHUB_TOKEN, so the
 * workflows give it a token that may read environments, and give the tools that post comments and issues the
 * workflow's own token under this other name. Tests point GITHUB_API_URL at a local stand-in. Every missing or
 * unreadable piece is a UsageError (one line, exit 1).
 */
import { readFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { z } from "zod";
import { UsageError } from "../usage-error";

export interface PullRequestEvent {
  readonly number: number;
  readonly headSha?: string;
  readonly labels: readonly string[];
}

export interface ActionsContext {
  readonly owner: string;
  readonly repo: string;
  readonly apiUrl: string;
  readonly token: string;
  readonly pullRequest?: number;
  readonly pull?: PullRequestEvent;
  readonly runUrl?: string;
  readonly stepSummaryPath?: string;
}

/** The parts of a webhook event the tools read: a pull request (or an issue that is one) with head and labels. */
const PullRequestSchema = z.looseObject({
  number: z.number().int().positive(),
  head: z.looseObject({ sha: z.string() }).optional(),
  labels: z.array(z.looseObject({ name: z.string().optional() })).optional(),
});
const EventSchema = z.looseObject({
  pull_request: PullRequestSchema.optional(),
  issue: PullRequestSchema.extend({ pull_request: z.unknown().optional() }).optional(),
});
type WebhookEvent = z.infer<typeof EventSchema>;

function readEvent(path: string): WebhookEvent {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(
      `GITHUB_EVENT_PATH: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "unreadable"}); it is set by GitHub Actions, unset it outside a run`,
    );
  }
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    event = undefined;
  }
  const parsed = EventSchema.safeParse(event);
  if (!parsed.success)
    throw new UsageError(`GITHUB_EVENT_PATH: ${path} is not a JSON object (the webhook event GitHub Actions writes)`);
  return parsed.data;
}

export function actionsContext(env: NodeJS.ProcessEnv = process.env): ActionsContext {
  const missing = ["GITHUB_REPOSITORY", "INFRA_NOTIFY_TOKEN"].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new UsageError(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set; in a workflow set INFRA_NOTIFY_TOKEN: \${{ github.token }} (pull-requests/issues: write) on this step`,
    );
  }
  const [owner, repo, ...extra] = env.GITHUB_REPOSITORY!.split("/");
  if (!owner || !repo || extra.length > 0)
    throw new UsageError(`GITHUB_REPOSITORY: "${env.GITHUB_REPOSITORY!.slice(0, 100)}" is not owner/name`);
  let pull: PullRequestEvent | undefined;
  if (env.GITHUB_EVENT_PATH) {
    const event = readEvent(env.GITHUB_EVENT_PATH);
    const pr = event.pull_request ?? (event.issue?.pull_request ? event.issue : undefined);
    if (pr) {
      pull = {
        number: pr.number,
        ...(pr.head ? { headSha: pr.head.sha } : {}),
        labels: (pr.labels ?? []).map((l) => l.name ?? ""),
      };
    }
  }
  const server = env.GITHUB_SERVER_URL ?? "https://github.com";
  return {
    owner,
    repo,
    apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    token: env.INFRA_NOTIFY_TOKEN!,
    ...(pull ? { pullRequest: pull.number, pull } : {}),
    ...(env.GITHUB_RUN_ID ? { runUrl: `${server}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
    ...(env.GITHUB_STEP_SUMMARY ? { stepSummaryPath: env.GITHUB_STEP_SUMMARY } : {}),
  };
}

export function octokitFor(ctx: ActionsContext): Octokit {
  return new Octokit({ auth: ctx.token, baseUrl: ctx.apiUrl, userAgent: "platform-infra", request: { retries: 0 } });
}
