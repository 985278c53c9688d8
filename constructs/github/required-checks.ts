/**
 * The status checks the default branch requires, by the exact names the workflows give their jobs
 * (.github/workflows/plan.yml: `test` and `plan (<stage>)`). A test keeps the two in step.
 */

export const TEST_CHECK = "test";
export const planCheck = (stage: string) => `plan (${stage})`;

/** Every check a pull request must pass: the tests and one plan per stage. */
export function requiredChecks(stages: readonly string[]): string[] {
  return [TEST_CHECK, ...stages.map(planCheck)];
}
