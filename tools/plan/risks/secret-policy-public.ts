/**
 * secret-policy-public: A Secrets Manager resource policy grants access to any AWS principal (Principal `*` without
 * an account or organization condition).
 */
import { isPublicGrant, statements } from "./policy-document";
import type { RiskRule } from "./types";

export const secretPolicyPublic: RiskRule = {
  id: "secret-policy-public",
  types: ["aws_secretsmanager_secret_policy", "aws_secretsmanager_secret"],
  check: ({ before, after }) => {
    if (!after) return [];
    const now = statements(after.policy)?.filter(isPublicGrant) ?? [];
    const was = statements(before?.policy)?.filter(isPublicGrant) ?? [];
    if (now.length === 0 || was.length >= now.length) return [];
    const actions = [...new Set(now.flatMap((s) => s.actions))].join(", ");
    return [
      `the resource policy of secret ${after.secret_arn ?? after.name ?? "(this secret)"} lets any AWS principal call ${actions || "its actions"}`,
    ];
  },
};
