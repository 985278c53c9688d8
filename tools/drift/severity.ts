/**
 * How much a change made outside Terraform matters. Security: WAF, rate limits, headers, TLS, IAM, KMS, secret
 * policies, GitHub environment protection. Availability: DNS, health checks, deployments, Fly config.
 * Cosmetic: descriptions, comments, tags. Each changed attribute is classified; a resource takes its worst.
 */
import type { AttributeChange } from "../plan/attribute-diff";

export type Severity = "security" | "availability" | "cosmetic";
export const SEVERITY_ORDER: readonly Severity[] = ["security", "availability", "cosmetic"];

const COSMETIC_ATTRIBUTES = new Set(["description", "comment", "tags", "tags_all", "name_prefix"]);

const SECURITY_TYPES = [
  /^aws_iam_/,
  /^aws_kms_/,
  /^aws_secretsmanager_secret_policy$/,
  /^aws_s3_bucket_(policy|public_access_block|server_side_encryption)/,
  /^cloudflare_ruleset$/,
  /^cloudflare_zone_setting$/,
  /^cloudflare_(access|waf|firewall)/,
  /^github_repository_environment/,
  /^github_repository_ruleset$/,
  /^github_branch_protection/,
  /^github_actions_/,
  /^vercel_firewall_config$/,
];
/** Attributes that are security-relevant on any resource. */
const SECURITY_ATTRIBUTES = new Set([
  "policy",
  "kms_key_id",
  "assume_role_policy",
  "enable_key_rotation",
  "key_rotation_enabled",
  "block_public_policy",
  "password_protection",
  "vercel_authentication",
  "trusted_ips",
]);

export function attributeSeverity(type: string, change: AttributeChange): Severity {
  const root = change.path.split(/[.[]/)[0];
  if (COSMETIC_ATTRIBUTES.has(root)) return "cosmetic";
  if (SECURITY_ATTRIBUTES.has(root) || SECURITY_TYPES.some((re) => re.test(type))) return "security";
  return "availability";
}

export function worst(severities: readonly Severity[]): Severity {
  return SEVERITY_ORDER.find((s) => severities.includes(s)) ?? "cosmetic";
}
