/**
 * secret-kms-key-changed: A secret moves to another KMS key in place; its old versions stay encrypted with the old
 * key.
 */
import type { RiskRule } from "./types";

export const secretKmsKeyChanged: RiskRule = {
  id: "secret-kms-key-changed",
  types: ["aws_secretsmanager_secret"],
  check: ({ before, after, kind, raw }) =>
    before && after && kind === "update" && (raw.before?.kms_key_id || "") !== (raw.after?.kms_key_id || "")
      ? [
          `the KMS key of secret ${before.name} changes; existing versions stay encrypted with the old key, so keep it until the secret is re-encrypted`,
        ]
      : [],
};
