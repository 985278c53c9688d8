/**
 * kms-key-policy-public: A KMS key policy grants use or administration of the key to any AWS principal (Principal
 * `*` without an account condition).
 */
import { isPublicGrant, statements } from "./policy-document";
import type { RiskRule } from "./types";

export const kmsKeyPolicyPublic: RiskRule = {
  id: "kms-key-policy-public",
  types: ["aws_kms_key", "aws_kms_key_policy"],
  check: ({ before, after, address }) => {
    if (!after) return [];
    const now = statements(after.policy)?.filter(isPublicGrant) ?? [];
    const was = statements(before?.policy)?.filter(isPublicGrant) ?? [];
    if (now.length === 0 || was.length >= now.length) return [];
    const actions = [...new Set(now.flatMap((s) => s.actions))].join(", ");
    return [`the key policy of ${address} lets any AWS principal call ${actions || "its actions"}`];
  },
};
