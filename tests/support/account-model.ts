/**
 * The AWS account as the synthesized stacks would leave it, for IAM decisions made by an independent evaluator
 * (@cloud-copilot/iam-simulate, test-only): every role with its trust and identity policies (inline and attached
 * managed policies), every KMS key with its aliases, tags and key policy, every secret with its resource policy,
 * and the state bucket with its bucket policy. Terraform references inside policies (`${aws_iam_role.x.arn}`) are
 * resolved to the ARNs AWS would assign; a reference or an attached policy the model cannot resolve throws, so a
 * policy is never judged on a guess.
 */
import { createHash } from "node:crypto";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { AWS_MANAGED_POLICIES } from "../fixtures/aws-managed-policies";
import type { TerraformJson } from "./terraform-harness";

export type PolicyDocument = { Version: string; Statement: Array<Record<string, unknown>> | Record<string, unknown> };
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface ModelRole {
  readonly name: string;
  readonly arn: string;
  readonly trust: PolicyDocument;
  readonly identityPolicies: ReadonlyArray<{ name: string; policy: PolicyDocument }>;
}

export interface ModelKey {
  readonly address: string;
  readonly arn: string;
  readonly aliases: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly policy: PolicyDocument;
}

export interface ModelSecret {
  readonly name: string;
  readonly arn: string;
  readonly keyArn: string | undefined;
  readonly policy: PolicyDocument | undefined;
}

export interface AccountModel {
  readonly accountId: string;
  readonly region: string;
  readonly roles: ReadonlyMap<string, ModelRole>;
  readonly keys: readonly ModelKey[];
  readonly secrets: readonly ModelSecret[];
  readonly bucket: { readonly name: string; readonly policy: PolicyDocument | undefined };
}

type Resources = Record<string, Record<string, Record<string, any>>>;

const fakeUuid = (seed: string) => {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** The default key policy AWS gives a key created without one: the account (through IAM) may do everything. */
function defaultKeyPolicy(accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  };
}

/** Builds the model from the bootstrap stack and every stage stack (as synthesized JSON). */
export function accountModel(stacks: Readonly<Record<string, TerraformJson>>): AccountModel {
  const provider = Object.values(stacks)[0].provider.aws[0];
  const accountId: string = provider.allowed_account_ids[0];
  const region: string = provider.region;

  const keyArnOf = new Map<string, string>(); // `${stack}:${address}` → ARN
  const aliasTarget = new Map<string, string>(); // alias name → key ARN
  for (const [stack, json] of Object.entries(stacks)) {
    const res = (json.resource ?? {}) as Resources;
    for (const name of Object.keys(res.aws_kms_key ?? {}))
      keyArnOf.set(`${stack}:${name}`, `arn:aws:kms:${region}:${accountId}:key/${fakeUuid(`${stack}:${name}`)}`);
  }
  for (const [stack, json] of Object.entries(stacks)) {
    for (const alias of Object.values(((json.resource ?? {}) as Resources).aws_kms_alias ?? {})) {
      const target = /^\$\{aws_kms_key\.([^.]+)\.(key_id|id|arn)\}$/.exec(alias.target_key_id)?.[1];
      if (!target) throw new Error(`alias ${alias.name}: target ${alias.target_key_id} is not a key of its stack`);
      aliasTarget.set(alias.name, keyArnOf.get(`${stack}:${target}`)!);
    }
  }

  /** Replaces every `${...}` reference with the value AWS would give it. */
  const resolver = (stack: string, json: TerraformJson) => {
    const res = (json.resource ?? {}) as Resources;
    const data = (json.data ?? {}) as Resources;
    const one = (expr: string): string => {
      const [first, ...rest] = expr.split(".");
      const [type, name, attr] = first === "data" ? [`data.${rest[0]}`, rest[1], rest[2]] : [first, rest[0], rest[1]];
      const config = type.startsWith("data.") ? data[type.slice(5)]?.[name] : res[type]?.[name];
      if (!config) throw new Error(`${stack}: cannot resolve \${${expr}}: no such resource`);
      switch (`${type}.${attr}`) {
        case "aws_iam_role.arn":
          return `arn:aws:iam::${accountId}:role/${config.name}`;
        case "aws_iam_role.name":
        case "aws_iam_role.id":
          return config.name;
        case "aws_kms_key.arn":
          return keyArnOf.get(`${stack}:${name}`)!;
        case "aws_kms_key.key_id":
        case "aws_kms_key.id":
          return keyArnOf.get(`${stack}:${name}`)!.split("/").pop()!;
        case "data.aws_kms_key.arn":
        case "data.aws_kms_key.id": {
          const target = aliasTarget.get(String(config.key_id).replace(/^arn:aws:kms:[^:]+:\d+:/, ""));
          if (!target)
            throw new Error(`${stack}: data.aws_kms_key.${name} looks up ${config.key_id}, which no stack creates`);
          return target;
        }
        case "aws_s3_bucket.arn":
          return `arn:aws:s3:::${config.bucket}`;
        case "aws_s3_bucket.id":
        case "aws_s3_bucket.bucket":
          return config.bucket;
        case "aws_secretsmanager_secret.arn":
        case "aws_secretsmanager_secret.id":
          return `arn:aws:secretsmanager:${region}:${accountId}:secret:${config.name}-AbCdEf`;
        case "aws_iam_openid_connect_provider.arn":
          return `arn:aws:iam::${accountId}:oidc-provider/${String(config.url).replace(/^https:\/\//, "")}`;
        case "github_repository_environment.environment":
          return config.environment;
        default:
          throw new Error(`${stack}: cannot resolve \${${expr}}`);
      }
    };
    const resolve = (value: string): string =>
      value.replace(/\$\{([A-Za-z0-9_.-]+)\}/g, (_, expr: string) => one(expr));
    return {
      resolve,
      doc: (value: unknown) =>
        value === undefined
          ? undefined
          : (JSON.parse(resolve(typeof value === "string" ? value : JSON.stringify(value))) as PolicyDocument),
    };
  };

  const roles = new Map<string, ModelRole>();
  const keys: ModelKey[] = [];
  const secrets: ModelSecret[] = [];
  let bucket: AccountModel["bucket"] | undefined;

  for (const [stack, json] of Object.entries(stacks)) {
    const res = (json.resource ?? {}) as Resources;
    const { resolve, doc } = resolver(stack, json);
    const defaultTags: Record<string, string> = json.provider.aws[0].default_tags?.[0]?.tags ?? {};
    for (const role of Object.values(res.aws_iam_role ?? {})) {
      roles.set(role.name, {
        name: role.name,
        arn: `arn:aws:iam::${accountId}:role/${role.name}`,
        trust: doc(role.assume_role_policy)!,
        identityPolicies: [],
      });
    }
    const attach = (roleRef: string, name: string, policy: PolicyDocument) => {
      const role = roles.get(resolve(roleRef));
      if (!role) throw new Error(`${stack}: policy ${name} is attached to unknown role ${roleRef}`);
      (role.identityPolicies as Array<{ name: string; policy: PolicyDocument }>).push({ name, policy });
    };
    for (const p of Object.values(res.aws_iam_role_policy ?? {})) attach(p.role, p.name, doc(p.policy)!);
    for (const a of Object.values(res.aws_iam_role_policy_attachment ?? {})) {
      const managed = AWS_MANAGED_POLICIES[a.policy_arn];
      if (!managed)
        throw new Error(
          `${stack}: managed policy ${a.policy_arn} is not in tests/fixtures/aws-managed-policies.ts, so its effect cannot be judged`,
        );
      attach(a.role, a.policy_arn, managed);
    }
    for (const [name, key] of Object.entries(res.aws_kms_key ?? {})) {
      const arn = keyArnOf.get(`${stack}:${name}`)!;
      keys.push({
        address: `${stack}:aws_kms_key.${name}`,
        arn,
        aliases: [...aliasTarget].filter(([, target]) => target === arn).map(([alias]) => alias),
        tags: { ...defaultTags, ...(key.tags ?? {}) },
        policy: doc(key.policy) ?? defaultKeyPolicy(accountId),
      });
    }
    const policies = Object.values(res.aws_secretsmanager_secret_policy ?? {});
    for (const [name, secret] of Object.entries(res.aws_secretsmanager_secret ?? {})) {
      const policy = policies.find(
        (p) =>
          p.secret_arn === `\${aws_secretsmanager_secret.${name}.arn}` ||
          p.secret_arn === `\${aws_secretsmanager_secret.${name}.id}`,
      );
      secrets.push({
        name: secret.name,
        arn: resolve(`\${aws_secretsmanager_secret.${name}.arn}`),
        keyArn: secret.kms_key_id ? resolve(secret.kms_key_id) : undefined,
        policy: doc(policy?.policy),
      });
    }
    for (const [name, b] of Object.entries(res.aws_s3_bucket ?? {})) {
      const policy = Object.values(res.aws_s3_bucket_policy ?? {}).find(
        (p) => p.bucket === `\${aws_s3_bucket.${name}.id}` || p.bucket === `\${aws_s3_bucket.${name}.bucket}`,
      );
      const text = policy?.policy;
      if (typeof text === "string" && text.startsWith("${data.aws_iam_policy_document.")) {
        throw new Error(
          `${stack}: the bucket policy of ${b.bucket} is a data.aws_iam_policy_document (rendered by Terraform at plan time); write it as a JSON document so it can be judged`,
        );
      }
      bucket = { name: b.bucket, policy: doc(text) };
    }
  }
  if (!bucket) throw new Error("no stack declares the state bucket");
  return { accountId, region, roles, keys, secrets, bucket };
}

export interface AccessRequest {
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

/** The resource policy AWS evaluates for a request on `resource` (key policy, secret policy, bucket policy). */
function resourcePolicyFor(model: AccountModel, resource: string): PolicyDocument | undefined {
  if (resource.startsWith("arn:aws:kms:") && resource.includes(":key/")) {
    const key = model.keys.find((k) => k.arn === resource);
    if (!key) throw new Error(`no key ${resource} in the model`);
    return key.policy;
  }
  if (resource.startsWith("arn:aws:secretsmanager:")) return model.secrets.find((s) => s.arn === resource)?.policy;
  if (resource.startsWith(`arn:aws:s3:::${model.bucket.name}`)) return model.bucket.policy;
  return undefined;
}

/** What AWS would decide for a role's request, as decided by iam-simulate. */
export async function decide(model: AccountModel, request: AccessRequest): Promise<Decision> {
  const role = model.roles.get(request.role);
  if (!role) throw new Error(`no role ${request.role} in the model`);
  const resourcePolicy = resourcePolicyFor(model, request.resource);
  const result = await runSimulation(
    {
      identityPolicies: role.identityPolicies.map((p) => ({ name: p.name, policy: p.policy as any })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy: resourcePolicy as any } : {}),
      request: {
        action: request.action,
        principal: role.arn,
        resource: { resource: request.resource, accountId: model.accountId },
        contextVariables: {
          "aws:PrincipalArn": role.arn,
          "aws:PrincipalAccount": model.accountId,
          "aws:SecureTransport": "true",
          ...request.context,
        },
      },
    },
    {},
  );
  if (result.resultType === "error")
    throw new Error(`iam-simulate rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  // A context key the evaluator does not know for this action would be evaluated as missing: never judge on that.
  const ignored =
    (result as { ignoredContextKeys?: string[] }).ignoredContextKeys ??
    ("result" in result ? (result.result as { ignoredContextKeys?: string[] }).ignoredContextKeys : undefined) ??
    [];
  const ours = ignored.filter((key) => key in (request.context ?? {}));
  if (ours.length > 0)
    throw new Error(
      `iam-simulate ignored context keys ${ours.join(", ")} for ${request.action}; the decision would not reflect them`,
    );
  return result.overallResult;
}
