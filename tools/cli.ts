/**
 * The `infra` command: one bin with subcommands (plan review, drift, secrets, parity). Names and exit codes are a
 * contract with CI, the workflows and the docs (DESIGN.md, "The infra command").
 */
import { Command, Option } from "commander";
import { describeError, oneLine } from "./errors";
import { DEFAULT_MAX_CHARS } from "./plan/comment-limits";
import { UsageError } from "./usage-error";

// Subcommands load their modules when they run: the AWS SDK, octokit and the stage config cost start-up time
// that plan review on a large plan should not pay.

/** The options commander parses for plan-review (names as declared below). */
type PlanReviewCliOptions = import("./plan-review").PlanReviewOptions & { readonly failed?: string };
type DriftCommandOptions = import("./drift/drift-command").DriftCommandOptions;

function maxChars(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new UsageError(`--max-chars: "${value.slice(0, 40)}" is not a whole number (0 means no limit)`);
  return n;
}

function addPlanReviewCommand(program: Command): void {
  program
    .command("plan-review")
    .description(
      "summarize `terraform show -json` of a saved plan for a pull request (exit 3 with --fail-on-protected-destroy when a protected resource would be deleted or replaced)",
    )
    .argument("[plan]", "plan JSON file, or - for stdin")
    .option("--stage <stage>", "the stage (header, sticky comment, review record)")
    .option(
      "--failed <log>",
      "the plan failed: replace the review with a failure notice holding Terraform's diagnostics from this log",
    )
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .option("--max-chars <n>", "longest markdown allowed (0: no limit)", maxChars, DEFAULT_MAX_CHARS)
    .option("--fail-on-protected-destroy", "exit 3 when a protected resource would be deleted or replaced", false)
    .option(
      "--github-comment",
      "upsert one sticky comment per stage on the pull request and append to $GITHUB_STEP_SUMMARY",
      false,
    )
    .action(async (file: string | undefined, options: PlanReviewCliOptions) => {
      if (options.stage) stageNameArg(options.stage);
      const { planFailed, planReview, readPlanInput } = require("./plan-review") as typeof import("./plan-review");
      if (options.failed) {
        if (file) throw new UsageError("pass either a plan or --failed <log>, not both");
        process.stdout.write(await planFailed(options.failed, options));
        return;
      }
      if (!file) throw new UsageError("name the plan JSON file (or - for stdin), or pass --failed <log>");
      const input = await readPlanInput(file);
      const result = await planReview(input, file === "-" ? "stdin" : file, options);
      process.stdout.write(result.output);
      process.exitCode = result.exitCode;
    });
}

function addDigestCommands(program: Command): void {
  program
    .command("plan-digest")
    .description("print sha256:<hex>, a digest of what the plan would do (sensitive values only inside the hash)")
    .argument("<plan>", "plan JSON file (terraform show -json), or - for stdin")
    .action(async (file: string) => {
      const { readPlanDocument } = require("./plan/read-plan-document") as typeof import("./plan/read-plan-document");
      const { planDigest } = require("./plan/plan-digest") as typeof import("./plan/plan-digest");
      process.stdout.write(`${planDigest(await readPlanDocument(file), file)}\n`);
    });
  program
    .command("verify-plan")
    .description(
      "is this the reviewed plan? exit 0 equal, 4 differs (what differs is named, never a value), 3 protected destroy not allowed by the review, 1 bad input",
    )
    .argument("<plan>", "plan JSON file (terraform show -json of the plan about to be applied), or - for stdin")
    .option("--expect <digest>", "the reviewed digest, sha256:<64 hex>")
    .option(
      "--from-pr <number>",
      "read the reviewed digest from this pull request's review comment (needs --stage and INFRA_NOTIFY_TOKEN)",
    )
    .option("--stage <stage>", "the stage the plan is for")
    .action(async (file: string, options: { expect?: string; fromPr?: string; stage?: string }) => {
      const { runVerifyPlan } = require("./plan/verify-command") as typeof import("./plan/verify-command");
      const verdict = await runVerifyPlan(file, options, process.env);
      process.stdout.write(`${verdict.lines.join("\n")}\n`);
      process.exitCode = verdict.exitCode;
    });
}

function addReviewedCommand(program: Command): void {
  program
    .command("reviewed")
    .description(
      "the reviewed plan of a stage in a pull request: digest, commit, run and a link to its review comment (needs INFRA_NOTIFY_TOKEN)",
    )
    .argument("<pr>", "pull request number")
    .requiredOption("--stage <stage>", "the stage")
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .action(async (pr: string, options: { stage: string; format: "markdown" | "json" }) => {
      const { findReviewedPlan, pullRequestArg } =
        require("./plan/verify-command") as typeof import("./plan/verify-command");
      const stage = stageArg(options.stage);
      const number = pullRequestArg("<pr>", pr);
      const { record, url } = await findReviewedPlan(number, stage, process.env);
      const protectedNote = record.allowProtectedDestroy
        ? "; protected destroys allowed by the pull request's label"
        : "";
      process.stdout.write(
        options.format === "json"
          ? `${JSON.stringify({ stage: stage.name, pullRequest: number, digest: record.digest, head: record.head, run: record.run ?? null, comment: url, allowProtectedDestroy: record.allowProtectedDestroy })}\n`
          : `- **${stage.name}**: [the reviewed plan](${url}) of #${number}, commit \`${record.head.slice(0, 12)}\`, \`${record.digest}\`${protectedNote}\n`,
      );
    });
}

function addDriftCommand(program: Command): void {
  program
    .command("drift")
    .description(
      "refresh-only plan per stage (in parallel) or an existing plan JSON; report drift (exit 0 none, 2 drift, 1 error)",
    )
    .argument("[stages...]", "stages to check (infra stages lists them)")
    .option(
      "--plan-json <file>",
      "analyze an existing `terraform show -json` of a refresh-only plan instead of running terraform",
    )
    .option("--stage <stage>", "stage name for --plan-json")
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .option(
      "--include-pending",
      "also run a normal plan to report configuration not yet applied and stale secret consumers",
      false,
    )
    .option(
      "--unmanaged",
      "also list what sits in the stage's namespaces (secret prefix, GitHub environment, its DNS names, Vercel project) that no stack declares; read-only tokens from CLOUDFLARE_API_TOKEN, GITHUB_TOKEN, VERCEL_API_TOKEN",
      false,
    )
    .option(
      "--github-issue",
      "keep one GitHub issue per drifted stage (label drift), closing it when drift is gone",
      false,
    )
    .option(
      "--parallel <n>",
      "stages checked at once",
      (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1)
          throw new UsageError(`--parallel: "${v}" is not a whole number of 1 or more`);
        return n;
      },
      3,
    )
    .option("--stacks-dir <dir>", "where the synthesized stacks are", "cdktf.out/stacks")
    .action(async (stages: string[], options: DriftCommandOptions) => {
      // Stage names are checked before any file or terraform is touched.
      for (const stage of stages) stageArg(stage);
      if (options.stage) stageArg(options.stage);
      const { runDriftCommand } = require("./drift/drift-command") as typeof import("./drift/drift-command");
      process.exitCode = await runDriftCommand(stages, options);
    });
}

function addStagesCommand(program: Command): void {
  program
    .command("stages")
    .description(
      "every stage with its tier, hosts, roles and GitHub environments (the workflows build their matrices from --format json)",
    )
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .action((options: { format: "markdown" | "json" }) => {
      const { runStagesCommand } = require("./stages/stages-command") as typeof import("./stages/stages-command");
      process.stdout.write(runStagesCommand(options.format));
    });
}

function addParityCommand(program: Command): void {
  program
    .command("parity")
    .description(
      "how two stages differ in what the code declares: undeclared differences first, then intended ones (differsOnPurpose) and per-stage names; resources only one stack has (exit 0)",
    )
    .argument("<stageA>", "a stage (infra stages lists them)")
    .argument("<stageB>", "another stage")
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .action((stageA: string, stageB: string, options: { format: "markdown" | "json" }) => {
      const { runParityCommand } = require("./parity/parity-command") as typeof import("./parity/parity-command");
      process.exitCode = runParityCommand(stageA, stageB, options.format);
    });
}

/** A stage by name, as a usage error (exit 1, no stack trace) when unknown; loads the stage config lazily. */
function stageArg(name: string) {
  return (require("./stage-arg") as typeof import("./stage-arg")).stageArg(name);
}

/** A stage name checked against the stage files only (no config load). */
function stageNameArg(name: string) {
  return (require("./stage-arg") as typeof import("./stage-arg")).stageNameArg(name);
}

function addSecretsCommands(program: Command): void {
  const secrets = program
    .command("secrets")
    .description("Secret values in AWS Secrets Manager (names come from the stage catalogue)");
  secrets
    .command("set")
    .description(
      "store a new value for a catalogue secret, read from stdin (never from arguments); prints the version id",
    )
    .argument("<stage>", "a stage (infra stages lists them)")
    .argument("<name>", "a secret name from the stage's catalogue")
    .action(async (stageName: string, name: string) => {
      const stage = stageArg(stageName);
      const { catalogueEntry, secretsClient } =
        require("./secrets/secrets-client") as typeof import("./secrets/secrets-client");
      const { readSecretValue, setSecret } = require("./secrets/set-secret") as typeof import("./secrets/set-secret");
      catalogueEntry(stage, name); // before reading stdin, so a typo never costs a pasted value
      const value = await readSecretValue(process.stdin, process.stderr);
      const versionId = await setSecret(secretsClient(stage), stage, name, value);
      process.stdout.write(`${versionId}\n`);
    });
  secrets
    .command("status")
    .description("each catalogue secret: exists, has a value, last changed, rotation due, consumers")
    .argument("<stage>", "a stage (infra stages lists them)")
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .action(async (stageName: string, options: { format: "markdown" | "json" }) => {
      const stage = stageArg(stageName);
      const { secretsClient } = require("./secrets/secrets-client") as typeof import("./secrets/secrets-client");
      const { renderSecretsStatus, secretsStatus } =
        require("./secrets/secrets-status") as typeof import("./secrets/secrets-status");
      const rows = await secretsStatus(secretsClient(stage), stage);
      process.stdout.write(
        options.format === "json"
          ? `${JSON.stringify({ stage: stage.name, secrets: rows }, null, 2)}\n`
          : renderSecretsStatus(stage.name, rows),
      );
    });
  for (const consumer of ["github", "cloudflare"] as const) {
    secrets
      .command(`sync-${consumer}`)
      .description(
        consumer === "github"
          ? "deliver the values GitHub consumes to the stage's environment secrets (sealed with its public key; needs GITHUB_TOKEN); only changed versions are sent"
          : "deliver alert webhook URLs to Cloudflare webhook destinations and record their ids (needs CLOUDFLARE_API_TOKEN); only changed versions are sent",
      )
      .argument("<stage>", "a stage name")
      .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
      .action(async (stageName: string, options: { format: "markdown" | "json" }) => {
        const stage = stageArg(stageName);
        const { runSync } = require("./secrets/sync-command") as typeof import("./secrets/sync-command");
        process.stdout.write(await runSync(consumer, stage, options.format, process.env));
      });
  }
}

export function buildProgram(): Command {
  const program = new Command("infra")
    .description("Plan review, drift detection, secrets and parity for the platform-infra stages")
    .version((require("../package.json") as { version: string }).version)
    // Usage errors are one line like every other error (a value with a newline cannot add lines), and point at --help.
    .configureOutput({ outputError: (text, write) => write(`${oneLine(text.trimEnd())} (add --help for usage)\n`) })
    .exitOverride();
  addSecretsCommands(program);
  addPlanReviewCommand(program);
  addDigestCommands(program);
  addReviewedCommand(program);
  addDriftCommand(program);
  addParityCommand(program);
  addStagesCommand(program);
  return program;
}

/** Runs the CLI and returns the process exit code (subcommands set it; errors are 1). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { code?: string; exitCode?: number }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return 0;
    if (typeof (error as { exitCode?: number }).exitCode === "number") return (error as { exitCode: number }).exitCode;
    // One line, scrubbed; a stack trace only with INFRA_DEBUG=1 (tools/errors.ts).
    process.stderr.write(`infra: ${describeError(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.stdout.write("", () => process.exit(code)));
}
