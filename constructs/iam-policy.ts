/**
 * IAM policy documents as typed data, rendered to JSON strings. Tokens (ARNs of resources in the same stack)
 * may appear inside; cdktf resolves them in the string. Keeping policies as plain JSON lets tests hand the exact
 * documents the stacks ship to an independent evaluator (tests/support/account-model.ts, iam-simulate).
 */

export type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Record<string, string | string[]>;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
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
