/**
 * kms-rotation-disabled: Automatic rotation of a symmetric KMS key is turned off (or a new symmetric key is created
 * without it).
 */
import type { RiskRule } from "./types";

export const kmsRotationDisabled: RiskRule = {
  id: "kms-rotation-disabled",
  types: ["aws_kms_key"],
  check: ({ before, after, address }) => {
    if (!after) return [];
    const symmetric = (after.customer_master_key_spec ?? after.key_spec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT";
    if (!symmetric || after.enable_key_rotation === true) return [];
    if (before?.enable_key_rotation === true) return [`automatic rotation of ${address} is turned off`];
    return before ? [] : [`${address} is created without automatic key rotation`];
  },
};
