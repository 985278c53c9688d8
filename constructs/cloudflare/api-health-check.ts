/**
 * Health check of a stage's API (`GET https://<api host><path>`) with a notification policy that alerts the
 * stage's email contacts and webhook destinations when it changes state. Cloudflare health checks need a Pro zone
 * or higher (validated with the stage config).
 *
 * A webhook's URL is a credential (a Slack-style incoming webhook), so Terraform never holds it: the URL lives in
 * Secrets Manager, `infra secrets sync-cloudflare` creates or updates the Cloudflare webhook destination and records
 * the destination's id in a tag of the secret, and this policy reads that id (secret metadata, never its value).
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/healthcheck
 */
import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { Healthcheck } from "@cdktf/provider-cloudflare/lib/healthcheck";
import { NotificationPolicy } from "@cdktf/provider-cloudflare/lib/notification-policy";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { SYNC_TAGS } from "../secrets/consumers";
import type { StageSecret } from "../secrets/stage-secrets";

export interface ApiHealthCheckProps {
  readonly accountId: string;
  readonly zoneId: string;
  /** Prefix of the check's and the policy's names, e.g. `acme-production`. */
  readonly name: string;
  /** The API's public hostname. */
  readonly hostname: string;
  /** @default "/health" */
  readonly path?: string;
  readonly emails: readonly string[];
  /**
   * Webhook destinations, each by the secret holding its URL. Their ids exist once `infra secrets sync-cloudflare`
   * has run; until then (a new stage) leave this empty.
   * @default []
   */
  readonly webhooks?: ReadonlyArray<{ readonly name: string; readonly secret: StageSecret }>;
}

export class ApiHealthCheck extends Construct {
  public readonly check: Healthcheck;
  public readonly policy: NotificationPolicy;

  constructor(scope: Construct, id: string, props: ApiHealthCheckProps) {
    super(scope, id);
    const webhooks = props.webhooks ?? [];
    if (props.emails.length + webhooks.length === 0) {
      throw new Error(
        `ApiHealthCheck ${props.name}: no email or webhook to notify when the API health check fails; add at least one contact`,
      );
    }
    this.check = new Healthcheck(this, "api", {
      zoneId: props.zoneId,
      name: `${props.name}-api`,
      description: `API of ${props.name}; managed by platform-infra`,
      address: props.hostname,
      type: "HTTPS",
      interval: 60,
      timeout: 5,
      retries: 2,
      consecutiveFails: 2,
      consecutiveSuccesses: 1,
      checkRegions: ["WEU", "ENAM"],
      httpConfig: {
        method: "GET",
        path: props.path ?? "/health",
        port: 443,
        expectedCodes: ["200"],
        followRedirects: false,
        allowInsecure: false,
      },
    });
    const destinationIds = webhooks.map(({ name, secret }) => {
      const metadata = new DataAwsSecretsmanagerSecret(this, `webhook-${name}`, {
        arn: secret.secret.arn,
        lifecycle: {
          postcondition: [
            {
              condition: `\${contains(keys(self.tags), "${SYNC_TAGS.cloudflareWebhookId}")}`,
              errorMessage: `The webhook destination ${name} has not been synced to Cloudflare yet: run \`infra secrets sync-cloudflare <stage>\`, then plan again.`,
            },
          ],
        },
      });
      return Fn.lookup(metadata.tags, SYNC_TAGS.cloudflareWebhookId) as string;
    });
    this.policy = new NotificationPolicy(this, "api-alerts", {
      accountId: props.accountId,
      name: `${props.name} API health`,
      description: `Alerts when the ${props.name} API health check changes state`,
      alertType: "health_check_status_notification",
      enabled: true,
      filters: { healthCheckId: [this.check.id] },
      mechanisms: {
        email: props.emails.map((address) => ({ id: address })),
        webhooks: destinationIds.map((destination) => ({ id: destination })),
      },
    });
  }
}
