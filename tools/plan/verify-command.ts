/**
 * The `infra verify-plan` command: where the reviewed digest comes from (`--expect`, or the review comment of a
 * pull request read with INFRA_NOTIFY_TOKEN, the notifier's token, never the provider's GITHUB_TOKEN), then
 * verifyPlan. Usage problems are one line each.
 */
import { Octokit } from "@octokit/rest";
import { commentAuthor } from "../github/comment-author";
import { reviewedPlan } from "../github/reviewed-plan";
import type { StageConfig } from "../../environments";
import { stageArg } from "../stage-arg";
import { UsageError } from "../usage-error";
import { DIGEST_PATTERN } from "./plan-digest";
import { readPlanDocument } from "./read-plan-document";
import { verifyPlan, type Reviewed, type Verdict } from "./verify-plan";

/** The reviewed plan of a stage in a pull request, read with the notifier's token (INFRA_NOTIFY_TOKEN). */
export async function findReviewedPlan(pr: number, stage: StageConfig, env: NodeJS.ProcessEnv) {
  const token = env.INFRA_NOTIFY_TOKEN;
  if (!token)
    throw new UsageError(
      "reading a pull request's review needs INFRA_NOTIFY_TOKEN (a token that may read its comments)",
    );
  const repository = env.GITHUB_REPOSITORY ?? `${stage.github.owner}/${stage.github.repository}`;
  const [owner, repo] = repository.split("/") as [string, string];
  const octokit = new Octokit({
    auth: token,
    baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
    userAgent: "platform-infra",
  });
  return reviewedPlan(octokit, { owner, repo }, pr, stage.name, await commentAuthor(octokit, env));
}

/** A pull request number given on the command line. */
export function pullRequestArg(option: string, value: string | undefined): number {
  const pr = Number(value);
  if (!Number.isInteger(pr) || pr <= 0)
    throw new UsageError(`${option}: "${String(value).slice(0, 40)}" is not a pull request number`);
  return pr;
}

export async function runVerifyPlan(
  file: string,
  options: { expect?: string; fromPr?: string; stage?: string },
  env: NodeJS.ProcessEnv,
): Promise<Verdict> {
  if (Boolean(options.expect) === Boolean(options.fromPr))
    throw new UsageError("pass exactly one of --expect <digest> or --from-pr <number>");
  if (!options.stage) throw new UsageError("--stage: name the stage the plan is for");
  const stage = stageArg(options.stage);
  let reviewed: Reviewed;
  if (options.expect) {
    if (!DIGEST_PATTERN.test(options.expect))
      throw new UsageError(
        `--expect: "${options.expect.slice(0, 80)}" is not a digest; write sha256:<64 hex>, as infra plan-digest prints it`,
      );
    reviewed = { digest: options.expect, source: "--expect" };
  } else {
    const pr = pullRequestArg("--from-pr", options.fromPr);
    const { record } = await findReviewedPlan(pr, stage, env);
    reviewed = {
      digest: record.digest!,
      source: `the review comment of pull request #${pr}, commit ${record.head.slice(0, 12)}`,
      record,
    };
  }
  return verifyPlan(await readPlanDocument(file), reviewed, stage.name, file === "-" ? "stdin" : file);
}
