/**
 * The required status checks, by the exact names .github/workflows/plan.yml gives its jobs: `test`, and
 * `plan (<stage>)` for each stage, in the order given. (That the names match the workflow is checked against
 * plan.yml itself in tests/stacks/bootstrap-stack.test.ts.)
 */
import { planCheck, requiredChecks, TEST_CHECK } from "../../../constructs/github/required-checks";

describe("requiredChecks", () => {
  test("names the test job `test` and each stage's plan `plan (<stage>)`", () => {
    expect([TEST_CHECK, planCheck("production-eu")]).toEqual(["test", "plan (production-eu)"]);
  });

  test("requires the tests first, then one plan per stage in the order given", () => {
    expect(requiredChecks(["development", "staging", "production"])).toEqual([
      "test",
      "plan (development)",
      "plan (staging)",
      "plan (production)",
    ]);
  });

  test("requires the tests alone when there is no stage", () => {
    expect(requiredChecks([])).toEqual(["test"]);
  });
});
