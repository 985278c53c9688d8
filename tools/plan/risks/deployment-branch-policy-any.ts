/**
 * deployment-branch-policy-any: A GitHub environment's deployment branch (or tag) policy becomes `*`: every branch
 * anyone can push may deploy to it.
 */
import type { RiskRule } from "./types";

const ANY = /^\*+$/;

export const deploymentBranchPolicyAny: RiskRule = {
  id: "deployment-branch-policy-any",
  types: ["github_repository_environment_deployment_policy"],
  check: ({ before, after }) => {
    if (!after) return [];
    const pattern = String(after.branch_pattern ?? after.tag_pattern ?? "");
    const was = String(before?.branch_pattern ?? before?.tag_pattern ?? "");
    return ANY.test(pattern) && !ANY.test(was)
      ? [
          `GitHub environment ${after.environment} accepts deployments from any ${after.tag_pattern ? "tag" : "branch"} (pattern "${pattern}")`,
        ]
      : [];
  },
};
