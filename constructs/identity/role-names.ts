/**
 * Role and alias names of the identity layer. Names are the contract between stacks (the stage's KMS key policy
 * names the roles that bootstrap creates), so both sides derive them here and never pass ARNs across stacks.
 */
import type { StageConfig } from "../../environments";

/** Read-only role for pull-request plans and scheduled drift checks. */
export function planRoleName(cfg: Pick<StageConfig, "app">): string {
  return `${cfg.app}-plan`;
}

/** Role the deploy workflow of one stage assumes through its GitHub environment. */
export function deployRoleName(cfg: Pick<StageConfig, "app">, stage: string): string {
  return `${cfg.app}-deploy-${stage}`;
}

/** Role the stage's Fly.io machines assume to read their secrets. */
export function flyRoleName(cfg: Pick<StageConfig, "app">, stage: string): string {
  return `${cfg.app}-fly-${stage}`;
}

/** KMS alias of a stage's secrets key. */
export function secretsKeyAlias(cfg: Pick<StageConfig, "app">, stage: string): string {
  return `alias/${cfg.app}-${stage}-secrets`;
}

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const STS_AUDIENCE = "sts.amazonaws.com";

/** Fly.io's OIDC issuer host path for an organization: `oidc.fly.io/<org>`. */
export function flyOidcHost(org: string): string {
  return `oidc.fly.io/${org}`;
}
