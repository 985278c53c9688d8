/**
 * INFRA-SEC5: every Secrets Manager secret has a resource policy, with public policies blocked. IAM policies
 * alone let any role with a broad grant (ReadOnlyAccess does not include GetSecretValue, but many managed
 * policies do) read every secret; the resource policy denies reads to all but the secret's consumers.
 */
import { COMPLIANT, noncompliant, referenceOf, type GuardrailRule } from "../rule";

export const secretsDenyOtherReaders: GuardrailRule = {
  id: "INFRA-SEC5",
  info: "The secret has no resource policy limiting who may read it, or the policy does not block public access.",
  explanation:
    "Attach an aws_secretsmanager_secret_policy with block_public_policy = true that denies GetSecretValue to every principal but the consumers' roles (StageSecrets does).",
  appliesTo: ["aws_secretsmanager_secret"],
  check(resource, stack) {
    const policies = stack.filter((r) => {
      if (r.type !== "aws_secretsmanager_secret_policy") return false;
      const target = referenceOf(r.config.secret_arn);
      return target === `${resource.address}.arn` || target === `${resource.address}.id`;
    });
    if (policies.length === 0) return noncompliant("no aws_secretsmanager_secret_policy refers to it");
    const open = policies.find((p) => p.config.block_public_policy !== true);
    if (open) return noncompliant(`${open.address} does not set block_public_policy = true`);
    return COMPLIANT;
  },
};
