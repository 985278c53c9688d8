/**
 * The cdktf app: one EnvironmentStack per stage (stack id = stage name) plus the `bootstrap` stack.
 * The only file that may read process.env (it reads nothing today: synthesis needs no credentials or network).
 */
import { App } from "cdktf";
import { STAGE_NAMES, getStage } from "./environments";
import { EnvironmentStack, zoneStagesOf } from "./stacks/environment-stack";
import { BOOTSTRAP_STACK_ID, BootstrapStack } from "./stacks/bootstrap-stack";

const app = new App();
const stages = STAGE_NAMES.map(getStage);
for (const stage of stages) new EnvironmentStack(app, stage.name, { stage, zoneStages: zoneStagesOf(stage, stages) });
new BootstrapStack(app, BOOTSTRAP_STACK_ID, { stages });
app.synth();
