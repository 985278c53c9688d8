/**
 * `infra secrets sync-cloudflare <stage>`: delivers alert webhook URLs (a Slack-style URL is the credential) to
 * Cloudflare notification webhook destinations, outside Terraform, through the official `cloudflare` SDK. Each
 * destination is named `<app>-<stage>-<webhook>`; its id is recorded in a tag of the secret
 * (`cloudflare-webhook-id`), where the stage's notification policy reads it (secret metadata, never the value).
 * As with GitHub, a digest of the version and the destination makes a second run change nothing.
 * @see https://developers.cloudflare.com/api/resources/alerting/subresources/destinations/subresources/webhooks/
 */
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type Cloudflare from "cloudflare";
import type { StageConfig } from "../../environments";
import { SYNC_TAGS } from "../../constructs/secrets/consumers";
import { secretName } from "../../constructs/names";
import { currentValue, deliveryDigest, recordDelivery, secretRecord, type SyncResult } from "./sync-record";

export async function syncCloudflare(
  sm: SecretsManagerClient,
  cloudflare: Cloudflare,
  stage: StageConfig,
): Promise<SyncResult[]> {
  const accountId = stage.cloudflare.accountId;
  const results: SyncResult[] = [];
  for (const hook of stage.alerts.webhooks) {
    const id = secretName(stage.app, stage.name, hook.secret);
    const record = await secretRecord(sm, id);
    const name = `${stage.app}-${stage.name}-${hook.name}`;
    const destination = `Cloudflare webhook destination ${name}`;
    const digest = deliveryDigest("cloudflare", accountId, name, record.currentVersion ?? "");
    const known = record.tags[SYNC_TAGS.cloudflareWebhookId];
    if (record.currentVersion && known && record.tags[SYNC_TAGS.cloudflare] === digest) {
      results.push({ secret: hook.secret, destination, action: "unchanged" });
      continue;
    }
    const url = await currentValue(sm, record, stage.name, hook.secret);
    let webhookId: string | undefined = known;
    let action: SyncResult["action"] = "updated";
    if (webhookId) {
      try {
        await cloudflare.alerting.destinations.webhooks.update(webhookId, { account_id: accountId, name, url });
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error;
        webhookId = undefined; // deleted in Cloudflare since the last sync: create it again
      }
    }
    if (!webhookId) {
      const created = await cloudflare.alerting.destinations.webhooks.create({ account_id: accountId, name, url });
      if (!created.id) throw new Error(`Cloudflare created ${destination} without returning its id`);
      webhookId = created.id;
      action = "created";
    }
    await recordDelivery(sm, id, { [SYNC_TAGS.cloudflareWebhookId]: webhookId, [SYNC_TAGS.cloudflare]: digest });
    results.push({ secret: hook.secret, destination, action });
  }
  return results;
}
