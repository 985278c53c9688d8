/**
 * The `infra drift` command: runs the stages (or reads --plan-json), prints the reports, optionally syncs the
 * drift issues, and returns the exit code: 0 no drift, 2 drift, 1 error (an error in any stage wins).
 */
import { resolve } from "node:path";
import { secretEnvName, STAGE_NAMES, getStage } from "../../environments";
import { actionsContext, octokitFor } from "../github/actions-context";
import { readPlan } from "../plan/read-plan-document";
import { Scrubber } from "../plan/scrub";
import { describeError } from "../errors";
import { UsageError } from "../usage-error";
import { syncDriftIssue } from "./drift-issue";
import { driftReport, type DriftReport, type IgnoreOptions } from "./drift-report";
import { renderDriftMarkdown } from "./render-drift";
import { driftForStage, inParallel } from "./run-drift";

export const EXIT_DRIFT = 2;

export interface DriftCommandOptions {
  readonly planJson?: string;
  readonly stage?: string;
  readonly format: "markdown" | "json";
  readonly includePending: boolean;
  readonly unmanaged?: boolean;
  readonly githubIssue: boolean;
  readonly parallel: number;
  readonly stacksDir: string;
}

/** The stage's `drift.ignore` entries (none for a name that is not a stage) and today. */
function ignoreFor(stage: string): IgnoreOptions {
  const entries = STAGE_NAMES.includes(stage) ? getStage(stage).drift.ignore : [];
  return { entries, today: new Date() };
}

function secretsByEnvName(stage: string): ReadonlyMap<string, string> {
  if (!STAGE_NAMES.includes(stage)) return new Map();
  return new Map(getStage(stage).secrets.map((s) => [secretEnvName(s), s.name]));
}

export async function runDriftCommand(
  stages: string[],
  options: DriftCommandOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const reports: DriftReport[] = [];
  const errors: string[] = [];
  if (options.planJson) {
    if (stages.length > 0) throw new UsageError("pass either stages or --plan-json, not both");
    if (options.unmanaged)
      throw new UsageError("--unmanaged needs a stage to scan (it reads the stage's state), not --plan-json");
    if (options.githubIssue && !options.stage)
      throw new UsageError("--github-issue with --plan-json needs --stage: the issue is per stage");
    const stage = options.stage ?? "plan";
    reports.push(
      driftReport(stage, await readPlan(options.planJson), undefined, secretsByEnvName(stage), ignoreFor(stage)),
    );
  } else {
    if (stages.length === 0)
      throw new UsageError(`name at least one stage (${STAGE_NAMES.join(", ")}) or pass --plan-json <file>`);
    const many = stages.length > 1;
    const results = await inParallel(stages, options.parallel, async (stage) => {
      if (many) process.stderr.write(`infra drift: ${stage}: planning…\n`);
      const report = await driftForStage(stage, {
        stacksDir: resolve(options.stacksDir),
        includePending: options.includePending,
        secretsByEnvName,
        ignoreFor,
        unmanaged: options.unmanaged ?? false,
        env,
      });
      if (many) process.stderr.write(`infra drift: ${stage}: ${report.summary}\n`);
      return report;
    });
    results.forEach((r, i) => {
      if (r.status === "fulfilled") reports.push(r.value);
      else errors.push(`${stages[i]}: ${describeError(r.reason)}`);
    });
  }

  if (options.format === "json")
    process.stdout.write(`${JSON.stringify({ schemaVersion: 1, reports, errors }, null, 2)}\n`);
  else
    process.stdout.write(
      await new Scrubber().final(
        reports.map(renderDriftMarkdown).join("\n") +
          (errors.length ? `\n## Errors\n\n${errors.map((e) => `- ${e}`).join("\n")}\n` : ""),
      ),
    );

  if (options.githubIssue) {
    const ctx = actionsContext(env);
    const octokit = octokitFor(ctx);
    for (const report of reports) {
      const action = await syncDriftIssue(octokit, { owner: ctx.owner, repo: ctx.repo }, report);
      process.stderr.write(`drift issue for ${report.stage}: ${action}\n`);
    }
  }
  // An expired or unused drift.ignore entry fails the run, naming it: exceptions do not outlive their reason.
  for (const report of reports) errors.push(...report.ignoreErrors);
  for (const e of errors) process.stderr.write(`infra drift: ${e}\n`);
  if (errors.length > 0) return 1;
  return reports.some((r) => r.drifted) ? EXIT_DRIFT : 0;
}
