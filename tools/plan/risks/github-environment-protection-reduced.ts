/**
 * github-environment-protection-reduced: A GitHub environment is deleted, loses required reviewers or its deployment
 * branch policy, or allows self-review.
 */
import { list, type Attributes, type RiskRule } from "./types";

const reviewers = (v: Attributes) =>
  list(v.reviewers).reduce((n, r) => n + (r.users?.length ?? 0) + (r.teams?.length ?? 0), 0);

export const githubEnvironmentProtectionReduced: RiskRule = {
  id: "github-environment-protection-reduced",
  types: ["github_repository_environment"],
  check: ({ before, after }) => {
    if (!before) return [];
    const env = before.environment;
    if (!after) return [`GitHub environment ${env} is deleted with its protection rules`];
    const notes: string[] = [];
    if (reviewers(after) < reviewers(before))
      notes.push(`GitHub environment ${env} loses required reviewers (${reviewers(before)} → ${reviewers(after)})`);
    const bp = list(before.deployment_branch_policy)[0],
      ap = list(after.deployment_branch_policy)[0];
    if (bp && !ap) notes.push(`GitHub environment ${env} loses its deployment branch policy: any branch could deploy`);
    else if (bp?.protected_branches && ap && !ap.protected_branches && !ap.custom_branch_policies)
      notes.push(`GitHub environment ${env} no longer limits deployments to protected branches`);
    if (before.prevent_self_review === true && after.prevent_self_review !== true)
      notes.push(`GitHub environment ${env} allows self-review again`);
    return notes;
  },
};
