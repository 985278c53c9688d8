/**
 * The naming contract between stacks: every name and ARN that one stack derives and another relies on (state
 * bucket and keys, secret prefixes, KMS aliases, role names, GitHub environments, OIDC hosts and subjects). The
 * bootstrap stack creates keys and roles by these names; stage stacks, tools and workflows find them by the same
 * names and never pass ARNs across stacks. Changing one of them here changes both sides at once.
 */

/** Where a stage lives: its app, AWS account and region. */
export interface StageAccount {
  readonly app: string;
  readonly accountId: string;
  readonly region: string;
}

/** The Terraform state bucket (one per app and account; S3 names are global, so the account id is in it). */
export function stateBucketName(app: string, accountId: string): string {
  return `${app}-tfstate-${accountId}`;
}

/** The S3 key of a stack's state: `<stack id>.tfstate`. The stack id is the stage name and never changes. */
export function stateKey(stackId: string): string {
  return `${stackId}.tfstate`;
}

/** The lock file Terraform's S3 backend writes next to the state (`use_lockfile`). */
export function stateLockKey(stackId: string): string {
  return `${stateKey(stackId)}.tflock`;
}

/** KMS alias of the key that encrypts one stage's state; only that stage's roles may use it. */
export function stateKeyAlias(app: string, stage: string): string {
  return `alias/${app}-${stage}-tfstate`;
}

/** KMS alias of the state bucket's default key (objects written without a key of their own). */
export function bucketKeyAlias(app: string): string {
  return `alias/${app}-tfstate`;
}

/** KMS alias of a stage's secrets key. */
export function secretsKeyAlias(app: string, stage: string): string {
  return `alias/${app}-${stage}-secrets`;
}

/** Prefix of every secret of a stage in Secrets Manager: `<app>/<stage>/`. */
export function secretPrefix(app: string, stage: string): string {
  return `${app}/${stage}/`;
}

/** The Secrets Manager name of a catalogue secret: `<app>/<stage>/<name>`. */
export function secretName(app: string, stage: string, name: string): string {
  return `${secretPrefix(app, stage)}${name}`;
}

/** Role the deploy workflow of one stage assumes through its GitHub environment. */
export function deployRoleName(app: string, stage: string): string {
  return `${app}-deploy-${stage}`;
}

/** Read-only role that plans one stage (pull requests, scheduled drift checks). */
export function planRoleName(app: string, stage: string): string {
  return `${app}-plan-${stage}`;
}

/** Role the stage's Fly.io machines assume to read their secrets. */
export function flyRoleName(app: string, stage: string): string {
  return `${app}-fly-${stage}`;
}

/** Name patterns (IAM `ArnLike`) that match every stage role of an app, whatever the stage. */
export function stageRolePatterns(account: Pick<StageAccount, "app" | "accountId">): string[] {
  return [deployRoleName, planRoleName, flyRoleName].map((name) => roleArn(account.accountId, name(account.app, "*")));
}

/** The GitHub deployment environment a stage deploys from (its name is the stage name). */
export function deployEnvironmentName(stage: string): string {
  return stage;
}

/** The GitHub environment whose approval lets a pull request plan a stage that needs approval. */
export function planEnvironmentName(stage: string): string {
  return `${stage}-plan`;
}

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const STS_AUDIENCE = "sts.amazonaws.com";

/** Fly.io's OIDC issuer host path for an organization: `oidc.fly.io/<org>`. */
export function flyOidcHost(org: string): string {
  return `oidc.fly.io/${org}`;
}

/** GitHub's OIDC `sub` for jobs of one repository: in an environment, on a pull request, or on a branch. */
export const githubSubject = {
  environment: (repository: string, environment: string) => `repo:${repository}:environment:${environment}`,
  pullRequest: (repository: string) => `repo:${repository}:pull_request`,
  branch: (repository: string, branch: string) => `repo:${repository}:ref:refs/heads/${branch}`,
};

export function roleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

export function accountRootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** ARN pattern of every secret of a stage: `<app>/<stage>/*` (Secrets Manager appends a random suffix). */
export function stageSecretsArnPattern(account: StageAccount, stage: string): string {
  return `arn:aws:secretsmanager:${account.region}:${account.accountId}:secret:${secretPrefix(account.app, stage)}*`;
}

/** ARN pattern of one catalogue secret (`-??????` is the random suffix Secrets Manager appends). */
export function secretArnPattern(account: StageAccount, stage: string, name: string): string {
  return `arn:aws:secretsmanager:${account.region}:${account.accountId}:secret:${secretName(account.app, stage, name)}-??????`;
}

/** ARN pattern of every KMS key in the account and region. */
export function kmsKeysArnPattern(account: Pick<StageAccount, "accountId" | "region">): string {
  return `arn:aws:kms:${account.region}:${account.accountId}:key/*`;
}

export function kmsAliasArn(account: Pick<StageAccount, "accountId" | "region">, alias: string): string {
  return `arn:aws:kms:${account.region}:${account.accountId}:${alias}`;
}

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

/** The service endpoint KMS sees in `kms:ViaService` when a service uses a key on a caller's behalf. */
export function viaService(service: "secretsmanager" | "s3", region: string): string {
  return `${service}.${region}.amazonaws.com`;
}
