/**
 * INFRA-SEC3: secret values never appear in the configuration. Code holds names; values enter Secrets Manager
 * through `infra secrets set` and reach consumers by reference: GitHub secrets from a
 * `data.aws_secretsmanager_secret_version`, sensitive Vercel variables through `value_wo` from an
 * `ephemeral.aws_secretsmanager_secret_version`. Values are never shown in findings.
 */
import {
  COMPLIANT,
  isLiteral,
  NOT_APPLICABLE,
  noncompliant,
  referenceOf,
  unknown,
  type GuardrailRule,
  type Verdict,
} from "../rule";

const GITHUB_SECRET_TYPES = ["github_actions_environment_secret", "github_actions_secret", "github_dependabot_secret"];

function fromSecretsManager(attribute: string, value: unknown, source: "data" | "ephemeral"): Verdict {
  if (isLiteral(value)) return noncompliant(`${attribute} holds a literal value (not shown)`);
  const reference = referenceOf(value);
  const expected = `${source}.aws_secretsmanager_secret_version.`;
  if (reference?.startsWith(expected) && reference.endsWith(".secret_string")) return COMPLIANT;
  return unknown(`${attribute} is not a reference to ${expected}<name>.secret_string`);
}

export const secretValuesComeFromSecretsManager: GuardrailRule = {
  id: "INFRA-SEC3",
  info: "A secret value is set in the configuration instead of read from Secrets Manager.",
  explanation:
    "Put the value in Secrets Manager with `infra secrets set <stage> <name>` and let the consumer read it by reference (StageEnvironment and VercelApp do). A value in code lands in git, cdktf.out and plan output.",
  appliesTo: ["aws_secretsmanager_secret_version", "vercel_project_environment_variable", ...GITHUB_SECRET_TYPES],
  check(resource) {
    const config = resource.config;
    if (resource.type === "aws_secretsmanager_secret_version") {
      const set = ["secret_string", "secret_binary", "secret_string_wo"].filter((a) => config[a] !== undefined);
      return set.length === 0
        ? COMPLIANT
        : noncompliant(`${set.join(", ")} set by Terraform (values enter only through \`infra secrets set\`)`);
    }
    if (GITHUB_SECRET_TYPES.includes(resource.type)) {
      const attribute = ["plaintext_value", "encrypted_value"].find((a) => config[a] !== undefined);
      return attribute ? fromSecretsManager(attribute, config[attribute], "data") : NOT_APPLICABLE;
    }
    // vercel_project_environment_variable: plain settings are fine; sensitive ones come from Secrets Manager.
    if (config.value_wo !== undefined) {
      if (config.sensitive !== true) return noncompliant("value_wo is set but sensitive is not true");
      return fromSecretsManager("value_wo", config.value_wo, "ephemeral");
    }
    if (config.sensitive === true && config.value !== undefined)
      return noncompliant("a sensitive variable has a value in configuration (not shown); use value_wo");
    return COMPLIANT;
  },
};
