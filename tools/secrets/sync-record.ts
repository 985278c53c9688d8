/**
 * What `infra secrets sync-*` knows about a secret before touching its value: the id of its current version and the
 * tags in which earlier syncs recorded what they delivered. A delivery is identified by a digest of the version id
 * and the destination (never of the value), kept in a tag of the secret, so running a sync twice writes nothing
 * the second time and a rotated value (a new version) is delivered on the next run.
 */
import { createHash } from "node:crypto";
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  TagResourceCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { UsageError } from "../usage-error";

export interface SecretRecord {
  readonly id: string;
  /** The AWSCURRENT version, or undefined when the secret has no value yet. */
  readonly currentVersion: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

export type SyncAction = "created" | "updated" | "unchanged";

export interface SyncResult {
  readonly secret: string;
  readonly destination: string;
  readonly action: SyncAction;
}

export async function secretRecord(client: SecretsManagerClient, id: string): Promise<SecretRecord> {
  const described = await client.send(new DescribeSecretCommand({ SecretId: id }));
  const currentVersion = Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) =>
    stages.includes("AWSCURRENT"),
  )?.[0];
  const tags = Object.fromEntries((described.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
  return { id, currentVersion, tags };
}

/** A digest of what was delivered where: the version and the destination, never the value. */
export function deliveryDigest(...parts: readonly string[]): string {
  return `sha256:${createHash("sha256").update(parts.join("\n")).digest("hex")}`;
}

/** The current value; called only when a delivery is due. */
export async function currentValue(
  client: SecretsManagerClient,
  record: SecretRecord,
  stage: string,
  name: string,
): Promise<string> {
  if (!record.currentVersion)
    throw new UsageError(
      `${record.id} has no value yet; set it with \`infra secrets set ${stage} ${name}\`, then sync again`,
    );
  const value = await client.send(new GetSecretValueCommand({ SecretId: record.id, VersionId: record.currentVersion }));
  if (typeof value.SecretString !== "string")
    throw new UsageError(`${record.id} holds a binary value; a synced secret must be a string`);
  return value.SecretString;
}

/** Records a delivery in the secret's tags (Terraform ignores exactly these tags; StageSecrets). */
export async function recordDelivery(
  client: SecretsManagerClient,
  id: string,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  await client.send(
    new TagResourceCommand({ SecretId: id, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
  );
}
