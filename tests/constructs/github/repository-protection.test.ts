/**
 * RepositoryProtection specifies the default branch's ruleset: active on `~DEFAULT_BRANCH`, a pull request with one
 * approval (stale reviews dismissed, the last push approved, threads resolved), exactly the given status checks on
 * an up-to-date branch, linear history, and no force pushes or deletion.
 */
import { RepositoryRuleset } from "@cdktf/provider-github/lib/repository-ruleset";
import { Testing } from "cdktf";
import { RepositoryProtection } from "../../../constructs/github/repository-protection";
import { resourcesOf } from "../../support/construct-scope";

const out = Testing.synthScope(
  (scope) =>
    void new RepositoryProtection(scope, "protect", {
      repository: "acme-platform",
      requiredChecks: ["test", "plan (staging)"],
    }),
);

describe("RepositoryProtection", () => {
  test("is an active branch ruleset on the default branch of the repository", () => {
    expect(out).toHaveResourceWithProperties(RepositoryRuleset, {
      repository: "acme-platform",
      name: "protect the default branch",
      target: "branch",
      enforcement: "active",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
    });
  });

  test("requires a reviewed pull request, dismisses stale reviews, linear history, no force pushes or deletion", () => {
    const [ruleset] = resourcesOf(JSON.parse(out), "github_repository_ruleset");
    expect(ruleset.rules).toMatchObject({
      pull_request: {
        required_approving_review_count: 1,
        dismiss_stale_reviews_on_push: true,
        require_last_push_approval: true,
        required_review_thread_resolution: true,
      },
      required_linear_history: true,
      non_fast_forward: true,
      deletion: true,
    });
  });

  test("requires exactly the given status checks, on a branch up to date with the default branch", () => {
    const [ruleset] = resourcesOf(JSON.parse(out), "github_repository_ruleset");
    expect(ruleset.rules.required_status_checks).toEqual({
      strict_required_status_checks_policy: true,
      required_check: [{ context: "test" }, { context: "plan (staging)" }],
    });
  });
});
