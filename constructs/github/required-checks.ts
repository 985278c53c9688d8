/**
 * The status checks the default branch requires, by the exact names the workflows give their jobs
 * (.github/workflows/plan.yml: `test` and `plan (<stage>)`). A test keeps the two in step.
 */
import { STAGE_NAMES } from "../../environments";

export const TEST_CHECK = "test";
export const planCheck = (stage: string) => `plan (${stage})`;
export const REQUIRED_CHECKS: readonly string[] = [TEST_CHECK, ...STAGE_NAMES.map(planCheck)];
