/**
 * INFRA-SEC2: every KMS key rotates its key material yearly. Without rotation a leaked or over-used key version
 * protects everything it ever encrypted, for as long as the key exists.
 */
import { COMPLIANT, noncompliant, shown, unknown, type GuardrailRule } from "../rule";

export const kmsKeysRotate: GuardrailRule = {
  id: "INFRA-SEC2",
  info: "The KMS key does not rotate its key material.",
  explanation:
    "Set enable_key_rotation = true (AWS rotates yearly by default; rotation_period_in_days can shorten it).",
  appliesTo: ["aws_kms_key"],
  check(resource) {
    const rotation = resource.config.enable_key_rotation;
    if (rotation === true) return COMPLIANT;
    if (rotation === undefined || rotation === false) return noncompliant(`enable_key_rotation is ${shown(rotation)}`);
    return unknown(`enable_key_rotation is ${shown(rotation)}, not a literal true`);
  },
};
