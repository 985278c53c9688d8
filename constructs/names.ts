/**
 * Names derived from a stage's config. Many of them are part of the public contract (state key, secret ids,
 * role names): they become ARNs that other systems are configured with, so they are derived in one place.
 */
import type { StageConfig } from "../environments";

type Naming = Pick<StageConfig, "app" | "aws">;

/** The Terraform state bucket (one per app and account; S3 names are global, so the account id is in it). */
export function stateBucketName(cfg: Naming): string {
  return `${cfg.app}-tfstate-${cfg.aws.accountId}`;
}

/** KMS alias of the key that encrypts Terraform state. */
export function stateKeyAlias(cfg: Pick<StageConfig, "app">): string {
  return `alias/${cfg.app}-tfstate`;
}

/** The S3 key of a stack's state: `<stack id>.tfstate`. The stack id is the stage name and never changes. */
export function stateKey(stackId: string): string {
  return `${stackId}.tfstate`;
}

/** Prefix of every secret of a stage in Secrets Manager: `<app>/<stage>/`. */
export function secretPrefix(cfg: Pick<StageConfig, "app" | "name">): string {
  return `${cfg.app}/${cfg.name}/`;
}
