/**
 * The `infra` command: one bin with subcommands (plan review, drift, secrets, parity). Names and exit codes are a
 * contract with CI, the workflows and the docs (DESIGN.md, "The infra command").
 */
import { Command } from "commander";

export function buildProgram(): Command {
  const program = new Command("infra")
    .description("Plan review, drift detection, secrets and parity for the platform-infra stages")
    .version(require("../package.json").version)
    .showHelpAfterError()
    .exitOverride();
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
    process.stderr.write(`infra: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
