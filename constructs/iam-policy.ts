/**
 * IAM policy documents as typed data, rendered to JSON strings. Tokens (ARNs of resources in the same stack)
 * may appear inside; cdktf resolves them in the string. Keeping policies as plain JSON lets tests evaluate the
 * exact conditions the stack ships (see tests/support/iam-conditions.ts).
 */
import type { StageConfig } from "../environments";

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Record<string, string | string[]>;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

export function policyJson(...statements: PolicyStatement[]): string {
  const doc: PolicyDocument = { Version: "2012-10-17", Statement: statements };
  return JSON.stringify(doc);
}

type Account = Pick<StageConfig, "aws">;

export function roleArn(cfg: Account, roleName: string): string {
  return `arn:aws:iam::${cfg.aws.accountId}:role/${roleName}`;
}

export function accountRootArn(cfg: Account): string {
  return `arn:aws:iam::${cfg.aws.accountId}:root`;
}

/** ARN pattern of every secret of a stage: `<app>/<stage>/*` (Secrets Manager appends a random suffix). */
export function stageSecretsArnPattern(cfg: Pick<StageConfig, "app" | "name" | "aws">): string {
  return `arn:aws:secretsmanager:${cfg.aws.region}:${cfg.aws.accountId}:secret:${cfg.app}/${cfg.name}/*`;
}

/** Trust policy for a web-identity (OIDC) provider: AssumeRoleWithWebIdentity only when every condition holds. */
export function webIdentityTrustPolicy(sid: string, providerArn: string, condition: ConditionBlock): string {
  return policyJson({
    Sid: sid,
    Effect: "Allow",
    Principal: { Federated: providerArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: condition,
  });
}
