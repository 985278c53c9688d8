/**
 * The cdktf app: one EnvironmentStack per stage file in environments/stages/ (stack id = stage name) plus the
 * `bootstrap` stack. The only file that reads process.env (INFRA_STAGES_DIR, to synthesize another stages folder);
 * synthesis needs no credentials or network. A configuration problem prints only its issues and exits 1.
 */
import { App } from "cdktf";
// Not the environments index: it loads the stages when imported, before this file could report a problem cleanly.
import { StageConfigErrors } from "./environments/errors";
import { loadStages } from "./environments/load";
import { declareStacks } from "./stacks/app-stacks";
import { checkGuardrails, GuardrailViolations } from "./policies/guardrails";

function synthesize(): void {
  const app = new App();
  declareStacks(app, loadStages(process.env.INFRA_STAGES_DIR || undefined));
  // The Guardrails aspect would fail synthesis too, but with a stack trace; checking first reports just the findings.
  checkGuardrails(app);
  app.synth();
}

try {
  synthesize();
} catch (error) {
  if (!(error instanceof StageConfigErrors || error instanceof GuardrailViolations)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
