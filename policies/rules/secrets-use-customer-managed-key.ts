/**
 * INFRA-SEC1: every Secrets Manager secret is encrypted with a customer managed KMS key: one declared in the same
 * stack, or the stage's key that the bootstrap stack creates, looked up by its alias (`data.aws_kms_key` with a
 * customer alias). The AWS managed key (`aws/secretsmanager`) has a key policy nobody can narrow, so any principal
 * in the account allowed GetSecretValue can decrypt; the stage key's policy limits decryption to the consumers' roles.
 */
import { COMPLIANT, noncompliant, referenceOf, shown, unknown, type GuardrailRule } from "../rule";

export const secretsUseCustomerManagedKey: GuardrailRule = {
  id: "INFRA-SEC1",
  info: "The secret is not encrypted with a customer managed KMS key.",
  explanation:
    "Set kms_key_id to the stage key (StageSecrets does: `${data.aws_kms_key.<key>.arn}`, looked up by the stage's alias). The AWS managed key's policy cannot be narrowed, so it would let any principal allowed GetSecretValue decrypt.",
  appliesTo: ["aws_secretsmanager_secret"],
  check(resource, stack) {
    const keyId = resource.config.kms_key_id;
    if (keyId === undefined || keyId === null || keyId === "")
      return noncompliant("kms_key_id is not set, so the AWS managed key aws/secretsmanager is used");
    const reference = referenceOf(keyId);
    if (reference === undefined) {
      if (typeof keyId === "string" && keyId.includes("alias/aws/"))
        return noncompliant(`kms_key_id ${shown(keyId)} is an AWS managed key`);
      return unknown(`kms_key_id ${shown(keyId)} is not a reference to an aws_kms_key of this stack`);
    }
    if (reference.startsWith("data.aws_kms_key.")) {
      const [, , name, attribute] = reference.split(".");
      const lookup = stack.find((r) => r.address === `data.aws_kms_key.${name}`);
      if (!lookup || !["arn", "id"].includes(attribute ?? ""))
        return unknown(`kms_key_id ${shown(keyId)} is not the arn of a data.aws_kms_key of this stack`);
      const alias = typeof lookup.config.key_id === "string" ? lookup.config.key_id : "";
      if (!/(^|:)alias\//.test(alias))
        return unknown(`data.aws_kms_key.${name} looks up ${shown(alias)}, not a key by its alias`);
      if (/(^|:)alias\/aws\//.test(alias))
        return noncompliant(`data.aws_kms_key.${name} looks up ${shown(alias)}, an AWS managed key`);
      return COMPLIANT;
    }
    const [type, name, attribute] = reference.split(".");
    if (type !== "aws_kms_key" || !["arn", "key_id", "id"].includes(attribute ?? "")) {
      return unknown(`kms_key_id ${shown(keyId)} is not a reference to an aws_kms_key of this stack`);
    }
    if (!stack.some((r) => r.address === `aws_kms_key.${name}`))
      return noncompliant(`kms_key_id refers to aws_kms_key.${name}, which is not in this stack`);
    return COMPLIANT;
  },
};
