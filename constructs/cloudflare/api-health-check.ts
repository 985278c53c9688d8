/**
 * Health check of a stage's API (`GET https://<api host>/health`) with a notification policy that alerts the
 * stage's email and webhook contacts when it changes state. Cloudflare health checks need a Pro zone or higher.
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/healthcheck
 */
import { Healthcheck } from "@cdktf/provider-cloudflare/lib/healthcheck";
import { NotificationPolicy } from "@cdktf/provider-cloudflare/lib/notification-policy";
import { NotificationPolicyWebhooks } from "@cdktf/provider-cloudflare/lib/notification-policy-webhooks";
import { Construct } from "constructs";
import type { StageConfig } from "../../environments";
import { ZONE_PLAN_LIMITS } from "../../environments/zone-plans";
import { EdgeConfigError } from "./zone-edge";
import { healthPath } from "./hostnames";

export interface ApiHealthCheckProps {
  readonly stage: StageConfig;
}

export class ApiHealthCheck extends Construct {
  public readonly check: Healthcheck;

  constructor(scope: Construct, id: string, props: ApiHealthCheckProps) {
    super(scope, id);
    const { stage } = props;
    const { zonePlan, zoneId, accountId, apiHostname } = stage.cloudflare;
    if (!ZONE_PLAN_LIMITS[zonePlan].healthChecks) {
      throw new EdgeConfigError(`${stage.name}.cloudflare.zonePlan: health checks are not available on the Cloudflare ${zonePlan} plan; use a pro, business or enterprise zone, or drop the ${stage.name} health check`);
    }
    if (stage.alerts.emails.length + stage.alerts.webhooks.length === 0) {
      throw new EdgeConfigError(`${stage.name}.alerts: no email or webhook to notify when the API health check fails; add at least one contact`);
    }
    this.check = new Healthcheck(this, "api", {
      zoneId,
      name: `${stage.app}-${stage.name}-api`,
      description: `API of ${stage.app} ${stage.name}; managed by platform-infra`,
      address: apiHostname,
      type: "HTTPS",
      interval: 60,
      timeout: 5,
      retries: 2,
      consecutiveFails: 2,
      consecutiveSuccesses: 1,
      checkRegions: ["WEU", "ENAM"],
      httpConfig: { method: "GET", path: healthPath(stage), port: 443, expectedCodes: ["200"], followRedirects: false, allowInsecure: false },
    });
    const webhooks = stage.alerts.webhooks.map((hook) =>
      new NotificationPolicyWebhooks(this, `webhook-${hook.name}`, { accountId, name: `${stage.app}-${stage.name}-${hook.name}`, url: hook.url }),
    );
    new NotificationPolicy(this, "api-alerts", {
      accountId,
      name: `${stage.app} ${stage.name} API health`,
      description: `Alerts when the ${stage.name} API health check changes state`,
      alertType: "health_check_status_notification",
      enabled: true,
      filters: { healthCheckId: [this.check.id] },
      mechanisms: {
        email: stage.alerts.emails.map((id) => ({ id })),
        webhooks: webhooks.map((w) => ({ id: w.id })),
      },
    });
  }
}
