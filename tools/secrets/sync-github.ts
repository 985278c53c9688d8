/**
 * `infra secrets sync-github <stage>`: delivers the values of the catalogue secrets GitHub consumes to the stage's
 * deployment environment, outside Terraform, so no value is ever in state or a plan. Each value is read from
 * Secrets Manager with the stage's deploy role, sealed with the environment's public key (a libsodium sealed box,
 * which only GitHub can open) and PUT through the REST API. A delivery is recorded as a digest of the secret's
 * version, the environment and its key id (sync-record.ts), so a second run changes nothing and a rotation or a new
 * environment key triggers exactly one new delivery.
 * @see https://docs.github.com/en/rest/actions/secrets#create-or-update-an-environment-secret
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Octokit } from "@octokit/rest";
import sodium from "libsodium-wrappers";
import type { StageConfig } from "../../environments";
import { secretEnvName } from "../../environments/types";
import { SYNC_TAGS } from "../../constructs/secrets/consumers";
import { deployEnvironmentName, secretName } from "../../constructs/names";
import { currentValue, deliveryDigest, recordDelivery, secretRecord, type SyncResult } from "./sync-record";

/** A libsodium sealed box of `value` for a base64 public key, base64-encoded, as GitHub expects it. */
export async function sealForGitHub(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}

export async function syncGitHub(
  sm: SecretsManagerClient,
  octokit: Octokit,
  stage: StageConfig,
): Promise<SyncResult[]> {
  const where = {
    owner: stage.github.owner,
    repo: stage.github.repository,
    environment_name: deployEnvironmentName(stage.name),
  };
  const consumed = stage.secrets.filter((s) => s.consumers.includes("github"));
  if (consumed.length === 0) return [];
  const { data: publicKey } = await octokit.rest.actions.getEnvironmentPublicKey(where);
  const results: SyncResult[] = [];
  for (const spec of consumed) {
    const id = secretName(stage.app, stage.name, spec.name);
    const record = await secretRecord(sm, id);
    const envName = secretEnvName(spec);
    const destination = `${where.owner}/${where.repo} environment ${where.environment_name} secret ${envName}`;
    const digest = deliveryDigest(
      "github",
      `${where.owner}/${where.repo}`,
      where.environment_name,
      envName,
      record.currentVersion ?? "",
      publicKey.key_id,
    );
    if (record.currentVersion && record.tags[SYNC_TAGS.github] === digest) {
      results.push({ secret: spec.name, destination, action: "unchanged" });
      continue;
    }
    const encrypted = await sealForGitHub(await currentValue(sm, record, stage.name, spec.name), publicKey.key);
    const response = await octokit.rest.actions.createOrUpdateEnvironmentSecret({
      ...where,
      secret_name: envName,
      encrypted_value: encrypted,
      key_id: publicKey.key_id,
    });
    await recordDelivery(sm, id, { [SYNC_TAGS.github]: digest });
    results.push({ secret: spec.name, destination, action: response.status === 201 ? "created" : "updated" });
  }
  return results;
}
