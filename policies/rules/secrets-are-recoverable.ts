/**
 * INFRA-REL1: a deleted secret can be restored for 7 to 30 days. A recovery window of 0 deletes it at once, so a
 * mistaken `terraform destroy` or a renamed construct id loses the value for good.
 */
import { COMPLIANT, noncompliant, shown, unknown, type GuardrailRule } from "../rule";

export const secretsAreRecoverable: GuardrailRule = {
  id: "INFRA-REL1",
  info: "The secret would be deleted without a recovery window.",
  explanation:
    "Set recovery_window_in_days between 7 and 30 (the stage stack uses its tier's window: 30 days for production, 7 otherwise).",
  appliesTo: ["aws_secretsmanager_secret"],
  check(resource) {
    const days = resource.config.recovery_window_in_days;
    if (days === undefined) return COMPLIANT; // AWS default: 30 days
    if (typeof days !== "number") return unknown(`recovery_window_in_days is ${shown(days)}, not a number`);
    if (days < 7 || days > 30) return noncompliant(`recovery_window_in_days is ${days}`);
    return COMPLIANT;
  },
};
