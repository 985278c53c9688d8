/**
 * The IAM documents that keep stages apart, as pure functions of names: what each stage role may do (identity
 * policies), who may use a stage's keys (key policies) and the state bucket's per-stage fences (bucket policy).
 *
 * The shape of the isolation:
 * - Nothing but bootstrap administers keys. Every stage role carries an explicit Deny of key administration
 *   (tagging, policies, deletion, aliases, grants) on every key, and every key policy denies it to every stage role,
 *   so no later Allow can widen it and no tag can buy it.
 * - A stage role touches only its own stage: explicit Denies on every secret outside `<app>/<stage>/*` and every
 *   S3 object but its own state and lock file; the bucket policy fences each stage's state from the other stages'
 *   roles; each stage's state and secrets are encrypted with keys whose policies name only that stage's roles.
 * - Reads are listed, not granted wholesale (no ReadOnlyAccess). What a refresh of a stage's AWS resources reads:
 *   - Secrets Manager: DescribeSecret, GetResourcePolicy (the secret and its policy), ListSecretVersionIds (the
 *     `aws_secretsmanager_secret_versions` data source behind `value_wo_version`), GetSecretValue only for values
 *     Terraform reads (Vercel's ephemeral reads), all under `<app>/<stage>/*`.
 *   - KMS: DescribeKey on the stage's own keys (`data.aws_kms_key` by alias), ListAliases (alias lookups).
 *   - S3: ListBucket on the state bucket (object names only), GetObject on `<stage>.tfstate`.
 *   - STS: GetCallerIdentity (the provider's account check; needs no permission).
 * - The plan role writes nothing: no state, no lock (plans run with -lock=false), no secret, no tag.
 */
import { readersOf, type StageRoleKind } from "../secrets/consumers";
import type { SecretConsumer } from "../../environments/types";
import type { PolicyStatement } from "../iam-policy";
import {
  accountRootArn,
  bucketArn,
  deployRoleName,
  kmsKeysArnPattern,
  objectArn,
  planRoleName,
  roleArn,
  secretArnPattern,
  secretsKeyAlias,
  stageRolePatterns,
  stageSecretsArnPattern,
  stateKey,
  stateKeyAlias,
  stateLockKey,
  viaService,
  type StageAccount,
} from "../names";

/** A stage as the identity layer sees it: its names and which secrets each role reads. */
export interface StageAccessProps extends StageAccount {
  readonly stage: string;
  readonly bucket: string;
  readonly secrets: ReadonlyArray<{ readonly name: string; readonly consumers: readonly SecretConsumer[] }>;
}

/** Every KMS action that administers a key rather than uses it (wildcards cover actions AWS adds later). */
export const KEY_ADMINISTRATION_ACTIONS = [
  "kms:Create*",
  "kms:Put*",
  "kms:Update*",
  "kms:Delete*",
  "kms:Enable*",
  "kms:Disable*",
  "kms:Schedule*",
  "kms:Cancel*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:Import*",
  "kms:Replicate*",
  "kms:Revoke*",
  "kms:Retire*",
  "kms:Rotate*",
  "kms:Connect*",
  "kms:Disconnect*",
];

const secretsmanager = (...actions: string[]) => actions.map((a) => `secretsmanager:${a}`);

/** Secrets Manager actions on a secret (everything but the account-wide listing). */
// prettier-ignore
const SECRET_ACTIONS = secretsmanager(
  "Get*", "Put*", "Describe*", "Delete*", "Update*", "TagResource", "UntagResource", "Restore*", "Rotate*",
  "Cancel*", "Replicate*", "Remove*", "Stop*", "ListSecretVersionIds", "Validate*", "Create*", "BatchGet*",
);

/** Those that change a secret, its value, tags, policy or replicas. */
// prettier-ignore
const SECRET_WRITES = secretsmanager(
  "Put*", "Delete*", "Update*", "Create*", "TagResource", "UntagResource", "Restore*", "Rotate*", "Cancel*",
  "Replicate*", "Remove*", "Stop*",
);

const OBJECT_ACTIONS = ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject", "s3:ReplicateObject"];

/** Catalogue secrets whose value a role of this kind reads. */
export function secretsReadBy(props: StageAccessProps, kind: StageRoleKind): string[] {
  return props.secrets.filter((s) => readersOf(s.consumers).includes(kind)).map((s) => s.name);
}

/** The explicit Denies every stage role carries: no key administration, nothing outside its own stage. */
export function stageBoundary(props: StageAccessProps): PolicyStatement[] {
  return [
    { Sid: "DenyKeyAdministration", Effect: "Deny", Action: KEY_ADMINISTRATION_ACTIONS, Resource: "*" },
    {
      Sid: "DenyOtherStagesSecrets",
      Effect: "Deny",
      Action: SECRET_ACTIONS,
      NotResource: stageSecretsArnPattern(props, props.stage),
    },
    {
      Sid: "DenyOtherStagesState",
      Effect: "Deny",
      Action: OBJECT_ACTIONS,
      NotResource: [objectArn(props.bucket, stateKey(props.stage)), objectArn(props.bucket, stateLockKey(props.stage))],
    },
  ];
}

/** Finding the stage's own keys by alias (data.aws_kms_key) and listing aliases. */
function findOwnKeys(props: StageAccessProps): PolicyStatement[] {
  return [
    {
      Sid: "DescribeOwnKeys",
      Effect: "Allow",
      Action: "kms:DescribeKey",
      Resource: kmsKeysArnPattern(props),
      Condition: {
        "ForAnyValue:StringEquals": {
          "kms:ResourceAliases": [secretsKeyAlias(props.app, props.stage), stateKeyAlias(props.app, props.stage)],
        },
      },
    },
    { Sid: "ListKeyAliases", Effect: "Allow", Action: "kms:ListAliases", Resource: "*" },
  ];
}

function readSecretValues(props: StageAccessProps, kind: StageRoleKind): PolicyStatement[] {
  const names = secretsReadBy(props, kind);
  return names.length === 0
    ? []
    : [
        {
          Sid: "ReadConsumedSecretValues",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: names.map((n) => secretArnPattern(props, props.stage, n)),
        },
      ];
}

/** The deploy role: applies its stage (state read/write/lock, its secrets managed) and syncs consumed values. */
export function deployPolicy(props: StageAccessProps): PolicyStatement[] {
  return [
    { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn(props.bucket) },
    {
      Sid: "ReadWriteOwnState",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: objectArn(props.bucket, stateKey(props.stage)),
    },
    {
      Sid: "LockOwnState",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: objectArn(props.bucket, stateLockKey(props.stage)),
    },
    {
      Sid: "ManageOwnSecrets",
      Effect: "Allow",
      // prettier-ignore
      Action: secretsmanager(
        "CreateSecret", "DescribeSecret", "UpdateSecret", "DeleteSecret", "RestoreSecret", "TagResource",
        "UntagResource", "GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy", "ValidateResourcePolicy",
        "ListSecretVersionIds", "PutSecretValue",
      ),
      Resource: stageSecretsArnPattern(props, props.stage),
    },
    ...readSecretValues(props, "deploy"),
    ...findOwnKeys(props),
    ...stageBoundary(props),
  ];
}

/** The plan role: reads its stage's state and plan-time secrets; writes nothing, not even a lock. */
export function planPolicy(props: StageAccessProps): PolicyStatement[] {
  return [
    { Sid: "ListStateBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn(props.bucket) },
    {
      Sid: "ReadOwnState",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: objectArn(props.bucket, stateKey(props.stage)),
    },
    {
      Sid: "ReadOwnSecretsMetadata",
      Effect: "Allow",
      Action: secretsmanager("DescribeSecret", "GetResourcePolicy", "ListSecretVersionIds"),
      Resource: stageSecretsArnPattern(props, props.stage),
    },
    ...readSecretValues(props, "plan"),
    ...findOwnKeys(props),
    { Sid: "DenyStateWrites", Effect: "Deny", Action: ["s3:PutObject*", "s3:DeleteObject*"], Resource: "*" },
    { Sid: "DenySecretWrites", Effect: "Deny", Action: SECRET_WRITES, Resource: "*" },
    ...stageBoundary(props),
  ];
}

/** The Fly role: the machines read their stage's secrets at run time, nothing else. */
export function flyPolicy(props: StageAccessProps): PolicyStatement[] {
  return [...readSecretValues(props, "fly"), ...stageBoundary(props)];
}

/** Key-policy statements every key carries: the account administers it through IAM, never a stage role. */
function keyAdministration(props: StageAccount): PolicyStatement[] {
  return [
    {
      Sid: "AccountAdministersTheKey",
      Effect: "Allow",
      Principal: { AWS: accountRootArn(props.accountId) },
      Action: [...KEY_ADMINISTRATION_ACTIONS, "kms:Describe*", "kms:Get*", "kms:List*"],
      Resource: "*",
    },
    {
      Sid: "DenyStageRolesAdministration",
      Effect: "Deny",
      Principal: "*",
      Action: KEY_ADMINISTRATION_ACTIONS,
      Resource: "*",
      Condition: { ArnLike: { "aws:PrincipalArn": stageRolePatterns(props) } },
    },
  ];
}

/** Role ARNs (tokens of the roles in the bootstrap stack) by kind. */
export type StageRoleArns = Readonly<Record<StageRoleKind, string>>;

/**
 * The stage's secrets key: the deploy role writes and reads secrets through Secrets Manager; the roles that read
 * values (by the consumer table) decrypt through Secrets Manager; nobody decrypts directly.
 */
export function secretsKeyPolicy(props: StageAccessProps, roles: StageRoleArns): PolicyStatement[] {
  const via = { StringEquals: { "kms:ViaService": viaService("secretsmanager", props.region) } };
  const readers = (["plan", "fly"] as const)
    .filter((kind) => secretsReadBy(props, kind).length > 0)
    .map((kind) => roles[kind]);
  return [
    ...keyAdministration(props),
    {
      Sid: "DeployRoleWritesSecrets",
      Effect: "Allow",
      Principal: { AWS: roles.deploy },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: via,
    },
    ...(readers.length > 0
      ? [
          {
            Sid: "ConsumersDecrypt",
            Effect: "Allow" as const,
            Principal: { AWS: readers },
            Action: ["kms:Decrypt", "kms:DescribeKey"],
            Resource: "*",
            Condition: via,
          },
        ]
      : []),
  ];
}

/** The stage's state key: the deploy role writes state through S3, the plan role reads it through S3. */
export function stateKeyPolicy(props: StageAccessProps, roles: StageRoleArns): PolicyStatement[] {
  const via = { StringEquals: { "kms:ViaService": viaService("s3", props.region) } };
  return [
    ...keyAdministration(props),
    {
      Sid: "DeployRoleWritesState",
      Effect: "Allow",
      Principal: { AWS: roles.deploy },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: via,
    },
    {
      Sid: "PlanRoleReadsState",
      Effect: "Allow",
      Principal: { AWS: roles.plan },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: via,
    },
  ];
}

/** The state bucket's fences: TLS only; each stage's state is out of reach of every other stage's roles. */
export function stateBucketPolicy(
  account: StageAccount,
  bucketArnValue: string,
  stages: readonly string[],
): PolicyStatement[] {
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArnValue, `${bucketArnValue}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    ...stages.map((stage): PolicyStatement => ({
      Sid: `FenceStateOf${stage.replace(/[^A-Za-z0-9]/g, "")}`,
      Effect: "Deny",
      Principal: "*",
      Action: OBJECT_ACTIONS,
      Resource: [`${bucketArnValue}/${stateKey(stage)}`, `${bucketArnValue}/${stateLockKey(stage)}`],
      Condition: {
        ArnLike: { "aws:PrincipalArn": stageRolePatterns(account) },
        ArnNotEquals: {
          "aws:PrincipalArn": [
            roleArn(account.accountId, deployRoleName(account.app, stage)),
            roleArn(account.accountId, planRoleName(account.app, stage)),
          ],
        },
      },
    })),
    {
      Sid: "DenyPlanRolesWrites",
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:PutObject*", "s3:DeleteObject*"],
      Resource: `${bucketArnValue}/*`,
      Condition: { ArnLike: { "aws:PrincipalArn": roleArn(account.accountId, planRoleName(account.app, "*")) } },
    },
  ];
}
