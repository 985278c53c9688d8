/**
 * EnvironmentVariables specifies the non-secret wiring a stage's deploy workflow reads: one GitHub Actions variable
 * per entry, in the named deployment environment of the named repository (the environment itself belongs to the
 * bootstrap stack), and nothing else: no environment, no secret.
 */
import { ActionsEnvironmentVariable } from "@cdktf/provider-github/lib/actions-environment-variable";
import { Testing } from "cdktf";
import { EnvironmentVariables } from "../../../constructs/github/environment-variables";
import { resourcesOf } from "../../support/construct-scope";

const out = Testing.synthScope(
  (scope) =>
    void new EnvironmentVariables(scope, "vars", {
      repository: "acme-platform",
      environment: "staging",
      variables: { STAGE: "staging", FLY_APP: "acme-api-staging" },
    }),
);

describe("EnvironmentVariables", () => {
  test("sets each variable in the named environment of the repository", () => {
    expect(out).toHaveResourceWithProperties(ActionsEnvironmentVariable, {
      repository: "acme-platform",
      environment: "staging",
      variable_name: "FLY_APP",
      value: "acme-api-staging",
    });
  });

  test("declares one variable per entry, in name order, and nothing else", () => {
    expect(resourcesOf(JSON.parse(out), "github_actions_environment_variable")).toEqual([
      { repository: "acme-platform", environment: "staging", variable_name: "FLY_APP", value: "acme-api-staging" },
      { repository: "acme-platform", environment: "staging", variable_name: "STAGE", value: "staging" },
    ]);
    expect(Object.keys(JSON.parse(out).resource)).toEqual(["github_actions_environment_variable"]);
  });
});
