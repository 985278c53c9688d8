/**
 * Resources whose deletion or replacement loses something that cannot be recreated by applying again: secrets
 * (and their values), KMS keys (and everything encrypted with them), the state bucket, the DNS records of the
 * apex and the API, Vercel projects and GitHub environments (with their deployment history and protection), and
 * the guards whose loss opens everything else: repository rulesets and branch protection, the GitHub OIDC provider,
 * S3 public access blocks.
 */
import type { ResourceChange } from "./plan-json";

/**
 * A DNS record name that is the zone apex (`@` or `example.com`) or the API host (`api.…`, `api-…`). DNS names are
 * case-insensitive and may be written fully qualified (`API.Example.com.`): both are read as the same name.
 */
export function isApexOrApiName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, "");
  return n === "@" || n.split(".").length === 2 || /^api([.-]|$)/.test(n);
}

function record(change: ResourceChange): Record<string, unknown> {
  const value = change.change.before ?? change.change.after;
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** Why a resource is protected, or undefined when it is not. */
export function protectionReason(change: ResourceChange): string | undefined {
  if (change.mode !== "managed") return undefined;
  switch (change.type) {
    case "aws_secretsmanager_secret":
      return "secret (its value and versions go with it)";
    case "aws_kms_key":
      return "KMS key (everything encrypted with it becomes unreadable)";
    case "aws_s3_bucket":
      return /tfstate/.test(
        typeof record(change).bucket === "string" ? (record(change).bucket as string) : change.address,
      )
        ? "Terraform state bucket"
        : undefined;
    case "cloudflare_dns_record": {
      const name = typeof record(change).name === "string" ? (record(change).name as string) : "";
      return isApexOrApiName(name) ? "DNS record of the apex or the API" : undefined;
    }
    case "vercel_project":
      return "Vercel project (deployments, domains and settings)";
    case "github_repository_environment":
      return "GitHub environment (protection rules, secrets and deployment history)";
    case "github_repository_ruleset":
      return "repository ruleset (branch protection: required reviews and status checks)";
    case "github_branch_protection":
      return "branch protection (required reviews and status checks)";
    case "aws_iam_openid_connect_provider":
      return "GitHub OIDC provider (every deploy and plan role trusts it; workflows cannot reach AWS without it)";
    case "aws_s3_bucket_public_access_block":
      return "S3 public access block (without it a bucket policy or ACL can make objects public)";
    default:
      return undefined;
  }
}
