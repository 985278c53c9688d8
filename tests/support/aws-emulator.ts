/**
 * A small in-memory emulator of the AWS APIs the stage secrets use (Secrets Manager, KMS, and STS's
 * GetCallerIdentity), served on 127.0.0.1 so the real Terraform AWS provider and the AWS SDK can run against it.
 * It speaks the real wire protocols (JSON 1.1 with X-Amz-Target; STS's query protocol) and keeps what a client
 * stores, including secret values, only in memory. It is a test double: no auth, no pagination beyond one page.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const EMULATOR_ACCOUNT_ID = "000000000000";
export const EMULATOR_REGION = "eu-west-1";

type Tags = Map<string, string>;

export interface EmulatedSecret {
  arn: string;
  name: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tags;
  resourcePolicy?: string;
  createdDate: number;
  lastChangedDate: number;
  versions: Array<{ id: string; value: string; created: number; stages: string[] }>;
}

export interface EmulatedKey {
  keyId: string;
  arn: string;
  description: string;
  policy: string;
  rotationEnabled: boolean;
  rotationPeriodInDays: number;
  tags: Tags;
  created: number;
  state: "Enabled" | "PendingDeletion";
  deletionDate?: number;
}

class ApiError extends Error {
  constructor(readonly type: string, message: string, readonly status = 400) {
    super(message);
  }
}

const now = () => Date.now() / 1000;
const suffix = () => Math.random().toString(36).slice(2, 8).padEnd(6, "x");

export class AwsEmulator {
  readonly secrets = new Map<string, EmulatedSecret>();
  readonly keys = new Map<string, EmulatedKey>();
  readonly aliases = new Map<string, { targetKeyId: string; created: number }>();
  /** Every API call received, as `service.Operation`, for assertions. */
  readonly calls: string[] = [];
  private server?: Server;
  endpoint = "";

  constructor(readonly region = EMULATOR_REGION, readonly accountId = EMULATOR_ACCOUNT_ID) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.endpoint;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Finds a secret by name, ARN or ARN without the random suffix. */
  secret(id: string): EmulatedSecret {
    const found = this.secrets.get(id) ?? [...this.secrets.values()].find((s) => s.arn === id || s.name === id);
    if (!found) throw new ApiError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    return found;
  }

  key(id: string): EmulatedKey {
    let keyId = id;
    if (id.startsWith("alias/") || id.includes(":alias/")) {
      const alias = this.aliases.get(id.slice(id.indexOf("alias/")));
      if (!alias) throw new ApiError("NotFoundException", `Alias ${id} is not found.`);
      keyId = alias.targetKeyId;
    }
    const found = this.keys.get(keyId.split("/").pop()!);
    if (!found) throw new ApiError("NotFoundException", `Key '${id}' does not exist`);
    return found;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const target = String(req.headers["x-amz-target"] ?? "");
    try {
      if (!target) return this.sts(body, res);
      const [service, operation] = target.split(".") as [string, string];
      this.calls.push(`${service}.${operation}`);
      const input = body ? JSON.parse(body) : {};
      const output =
        service === "secretsmanager" ? this.secretsManager(operation, input) :
        service === "TrentService" ? this.kms(operation, input) :
        (() => { throw new ApiError("UnknownOperationException", `unsupported target ${target}`); })();
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(output));
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError("InternalFailure", String(error), 500);
      res.writeHead(e.status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": e.type })
        .end(JSON.stringify({ __type: e.type, message: e.message }));
    }
  }

  private sts(body: string, res: ServerResponse): void {
    const action = new URLSearchParams(body).get("Action");
    this.calls.push(`sts.${action}`);
    if (action !== "GetCallerIdentity") {
      res.writeHead(400).end(`<ErrorResponse><Error><Code>InvalidAction</Code><Message>${action}</Message></Error></ErrorResponse>`);
      return;
    }
    res.writeHead(200, { "content-type": "text/xml" }).end(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${this.accountId}:user/emulator</Arn><UserId>AIDEMULATOR</UserId><Account>${this.accountId}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }

  private secretsManager(op: string, input: any): unknown {
    const ref = (s: EmulatedSecret) => ({ ARN: s.arn, Name: s.name });
    const putValue = (s: EmulatedSecret, value: string, token?: string) => {
      for (const v of s.versions) v.stages = v.stages.includes("AWSCURRENT") ? ["AWSPREVIOUS"] : [];
      const version = { id: token ?? randomUUID(), value, created: now(), stages: ["AWSCURRENT"] };
      s.versions.push(version);
      s.lastChangedDate = version.created;
      return version;
    };
    switch (op) {
      case "CreateSecret": {
        if ([...this.secrets.values()].some((s) => s.name === input.Name)) {
          throw new ApiError("ResourceExistsException", `The operation failed because the secret ${input.Name} already exists.`);
        }
        const secret: EmulatedSecret = {
          arn: `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${input.Name}-${suffix()}`,
          name: input.Name,
          description: input.Description,
          kmsKeyId: input.KmsKeyId,
          tags: new Map((input.Tags ?? []).map((t: any) => [t.Key, t.Value])),
          createdDate: now(),
          lastChangedDate: now(),
          versions: [],
        };
        this.secrets.set(secret.arn, secret);
        const version = input.SecretString !== undefined ? putValue(secret, input.SecretString, input.ClientRequestToken) : undefined;
        return { ...ref(secret), ...(version ? { VersionId: version.id } : {}) };
      }
      case "DescribeSecret": {
        const s = this.secret(input.SecretId);
        return {
          ...ref(s),
          Description: s.description,
          KmsKeyId: s.kmsKeyId,
          Tags: [...s.tags].map(([Key, Value]) => ({ Key, Value })),
          CreatedDate: s.createdDate,
          LastChangedDate: s.lastChangedDate,
          VersionIdsToStages: Object.fromEntries(s.versions.filter((v) => v.stages.length).map((v) => [v.id, v.stages])),
        };
      }
      case "UpdateSecret": {
        const s = this.secret(input.SecretId);
        if (input.Description !== undefined) s.description = input.Description;
        if (input.KmsKeyId !== undefined) s.kmsKeyId = input.KmsKeyId;
        s.lastChangedDate = now();
        return ref(s);
      }
      case "TagResource": {
        const s = this.secret(input.SecretId);
        for (const t of input.Tags) s.tags.set(t.Key, t.Value);
        return {};
      }
      case "UntagResource": {
        const s = this.secret(input.SecretId);
        for (const k of input.TagKeys) s.tags.delete(k);
        return {};
      }
      case "GetResourcePolicy": {
        const s = this.secret(input.SecretId);
        return { ...ref(s), ...(s.resourcePolicy ? { ResourcePolicy: s.resourcePolicy } : {}) };
      }
      case "PutResourcePolicy": {
        const s = this.secret(input.SecretId);
        s.resourcePolicy = input.ResourcePolicy;
        return ref(s);
      }
      case "DeleteResourcePolicy": {
        const s = this.secret(input.SecretId);
        delete s.resourcePolicy;
        return ref(s);
      }
      case "PutSecretValue": {
        const s = this.secret(input.SecretId);
        if (typeof input.SecretString !== "string") throw new ApiError("InvalidParameterException", "SecretString is required");
        const v = putValue(s, input.SecretString, input.ClientRequestToken);
        return { ...ref(s), VersionId: v.id, VersionStages: v.stages };
      }
      case "GetSecretValue": {
        const s = this.secret(input.SecretId);
        const v = s.versions.find((x) => (input.VersionId ? x.id === input.VersionId : x.stages.includes(input.VersionStage ?? "AWSCURRENT")));
        if (!v) throw new ApiError("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
        return { ...ref(s), VersionId: v.id, SecretString: v.value, VersionStages: v.stages, CreatedDate: v.created };
      }
      case "ListSecretVersionIds": {
        const s = this.secret(input.SecretId);
        return { ...ref(s), Versions: s.versions.filter((v) => v.stages.length).map((v) => ({ VersionId: v.id, VersionStages: v.stages, CreatedDate: v.created })) };
      }
      case "DeleteSecret": {
        const s = this.secret(input.SecretId);
        this.secrets.delete(s.arn);
        return { ...ref(s), DeletionDate: now() + 86400 * (input.RecoveryWindowInDays ?? 30) };
      }
      default:
        throw new ApiError("UnknownOperationException", `secretsmanager.${op} is not emulated`);
    }
  }

  private keyMetadata(k: EmulatedKey) {
    return {
      AWSAccountId: this.accountId, KeyId: k.keyId, Arn: k.arn, CreationDate: k.created, Enabled: k.state === "Enabled",
      Description: k.description, KeyUsage: "ENCRYPT_DECRYPT", KeyState: k.state, Origin: "AWS_KMS", KeyManager: "CUSTOMER",
      CustomerMasterKeySpec: "SYMMETRIC_DEFAULT", KeySpec: "SYMMETRIC_DEFAULT", EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
      MultiRegion: false, ...(k.deletionDate ? { DeletionDate: k.deletionDate } : {}),
    };
  }

  private kms(op: string, input: any): unknown {
    switch (op) {
      case "CreateKey": {
        const keyId = randomUUID();
        const key: EmulatedKey = {
          keyId, arn: `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`, description: input.Description ?? "",
          policy: input.Policy ?? "{}", rotationEnabled: false, rotationPeriodInDays: 365,
          tags: new Map((input.Tags ?? []).map((t: any) => [t.TagKey, t.TagValue])), created: now(), state: "Enabled",
        };
        this.keys.set(keyId, key);
        return { KeyMetadata: this.keyMetadata(key) };
      }
      case "DescribeKey": return { KeyMetadata: this.keyMetadata(this.key(input.KeyId)) };
      case "GetKeyPolicy": return { Policy: this.key(input.KeyId).policy, PolicyName: "default" };
      case "PutKeyPolicy": this.key(input.KeyId).policy = input.Policy; return {};
      case "GetKeyRotationStatus": {
        const k = this.key(input.KeyId);
        return { KeyId: k.arn, KeyRotationEnabled: k.rotationEnabled, ...(k.rotationEnabled ? { RotationPeriodInDays: k.rotationPeriodInDays } : {}) };
      }
      case "EnableKeyRotation": {
        const k = this.key(input.KeyId);
        k.rotationEnabled = true;
        k.rotationPeriodInDays = input.RotationPeriodInDays ?? 365;
        return {};
      }
      case "DisableKeyRotation": this.key(input.KeyId).rotationEnabled = false; return {};
      case "UpdateKeyDescription": this.key(input.KeyId).description = input.Description; return {};
      case "ListResourceTags": return { Tags: [...this.key(input.KeyId).tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue })), Truncated: false };
      case "TagResource": { const k = this.key(input.KeyId); for (const t of input.Tags) k.tags.set(t.TagKey, t.TagValue); return {}; }
      case "UntagResource": { const k = this.key(input.KeyId); for (const t of input.TagKeys) k.tags.delete(t); return {}; }
      case "ScheduleKeyDeletion": {
        const k = this.key(input.KeyId);
        k.state = "PendingDeletion";
        k.deletionDate = now() + 86400 * (input.PendingWindowInDays ?? 30);
        return { KeyId: k.arn, DeletionDate: k.deletionDate, KeyState: k.state, PendingWindowInDays: input.PendingWindowInDays ?? 30 };
      }
      case "CreateAlias": {
        if (this.aliases.has(input.AliasName)) throw new ApiError("AlreadyExistsException", `An alias with the name ${input.AliasName} already exists`);
        this.aliases.set(input.AliasName, { targetKeyId: this.key(input.TargetKeyId).keyId, created: now() });
        return {};
      }
      case "UpdateAlias": {
        const alias = this.aliases.get(input.AliasName);
        if (!alias) throw new ApiError("NotFoundException", `Alias ${input.AliasName} is not found.`);
        alias.targetKeyId = this.key(input.TargetKeyId).keyId;
        return {};
      }
      case "DeleteAlias": this.aliases.delete(input.AliasName); return {};
      case "ListAliases": {
        const filterKey = input.KeyId ? this.key(input.KeyId).keyId : undefined;
        const aliases = [...this.aliases]
          .filter(([, a]) => !filterKey || a.targetKeyId === filterKey)
          .map(([name, a]) => ({
            AliasName: name, AliasArn: `arn:aws:kms:${this.region}:${this.accountId}:${name}`, TargetKeyId: a.targetKeyId,
            CreationDate: a.created, LastUpdatedDate: a.created,
          }));
        return { Aliases: aliases, Truncated: false };
      }
      default:
        throw new ApiError("UnsupportedOperationException", `kms.${op} is not emulated`);
    }
  }
}

/** Provider settings that point the real AWS provider at the emulator (test-only; merged over the stack's block). */
export function emulatorProviderOverrides(endpoint: string): Record<string, unknown> {
  return {
    access_key: "emulator-access-key",
    secret_key: "emulator-secret-key",
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    skip_requesting_account_id: false,
    endpoints: [{ kms: endpoint, secretsmanager: endpoint, sts: endpoint, iam: endpoint }],
  };
}
