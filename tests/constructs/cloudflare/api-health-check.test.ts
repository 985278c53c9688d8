/**
 * ApiHealthCheck specifies the health check of a stage's API: `GET https://<hostname><path>` (path /health by
 * default) from Western Europe and eastern North America every minute, expecting a 200 and following no redirect,
 * and a notification policy that alerts the given email addresses and webhook destinations when the check changes
 * state. A webhook destination is referenced by the id `infra secrets sync-cloudflare` recorded in a tag of the
 * secret holding its URL (secret metadata, never the URL), with a postcondition that says to run the sync first.
 */
import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { Healthcheck } from "@cdktf/provider-cloudflare/lib/healthcheck";
import { NotificationPolicy } from "@cdktf/provider-cloudflare/lib/notification-policy";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { ApiHealthCheck, type ApiHealthCheckProps } from "../../../constructs/cloudflare/api-health-check";
import { addressOf, resourcesOf, stageSecret, ZONE_ID } from "../../support/construct-scope";

const PROPS: ApiHealthCheckProps = {
  accountId: ZONE_ID,
  zoneId: ZONE_ID,
  name: "acme-production",
  hostname: "api.example.com",
  emails: ["oncall@example.com"],
};
const synth = (props: Partial<ApiHealthCheckProps> = {}) =>
  Testing.synthScope((scope) => void new ApiHealthCheck(scope, "health", { ...PROPS, ...props }));
/** With the incident channel's webhook, its URL held by the secret `acme/production/incident-webhook-url`. */
const withWebhook = (props: Partial<ApiHealthCheckProps> = {}) =>
  Testing.synthScope((scope: Construct) => {
    const secret = stageSecret(scope, {
      name: "incident-webhook-url",
      description: "incident channel",
      consumers: ["cloudflare"],
      rotationDays: 365,
    });
    new ApiHealthCheck(scope, "health", { ...PROPS, ...props, webhooks: [{ name: "incident-channel", secret }] });
  });

describe("ApiHealthCheck", () => {
  test("checks GET https://<hostname>/health by default, expecting a 200 and following no redirect", () => {
    expect(synth()).toHaveResourceWithProperties(Healthcheck, {
      zone_id: ZONE_ID,
      address: "api.example.com",
      type: "HTTPS",
      http_config: {
        method: "GET",
        path: "/health",
        port: 443,
        expected_codes: ["200"],
        follow_redirects: false,
        allow_insecure: false,
      },
    });
  });

  test("checks the path it is given", () => {
    expect(synth({ path: "/healthz" })).toHaveResourceWithProperties(Healthcheck, {
      http_config: expect.objectContaining({ path: "/healthz" }),
    });
  });

  test("is named after the stage and checks every minute from WEU and ENAM, failing after two misses", () => {
    expect(synth()).toHaveResourceWithProperties(Healthcheck, {
      name: "acme-production-api",
      description: "API of acme-production; managed by platform-infra",
      interval: 60,
      timeout: 5,
      retries: 2,
      consecutive_fails: 2,
      consecutive_successes: 1,
      check_regions: ["WEU", "ENAM"],
    });
  });

  test("alerts the given addresses when the check changes state, and no webhook by default", () => {
    const out = synth();
    const check = addressOf(JSON.parse(out), "cloudflare_healthcheck", () => true);
    expect(out).toHaveResourceWithProperties(NotificationPolicy, {
      account_id: ZONE_ID,
      name: "acme-production API health",
      alert_type: "health_check_status_notification",
      enabled: true,
      filters: { health_check_id: [`\${cloudflare_healthcheck.${check}.id}`] },
      mechanisms: { email: [{ id: "oncall@example.com" }], webhooks: [] },
    });
  });

  test("alerts a webhook destination by the id the sync recorded on its secret, never by its URL", () => {
    const json = JSON.parse(withWebhook());
    const secret = addressOf(
      json,
      "aws_secretsmanager_secret",
      (s) => s.name === "acme/production/incident-webhook-url",
    );
    const metadata = addressOf(json, "aws_secretsmanager_secret", () => true, "data");
    expect(resourcesOf(json, "cloudflare_notification_policy")[0].mechanisms).toEqual({
      email: [{ id: "oncall@example.com" }],
      webhooks: [{ id: `\${data.aws_secretsmanager_secret.${metadata}.tags["cloudflare-webhook-id"]}` }],
    });
    expect(withWebhook()).toHaveDataSourceWithProperties(DataAwsSecretsmanagerSecret, {
      arn: `\${aws_secretsmanager_secret.${secret}.arn}`,
    });
    expect(json.resource.cloudflare_notification_policy_webhooks).toBeUndefined();
  });

  test("fails the plan until the sync has recorded the destination's id, saying to run it", () => {
    const [metadata] = resourcesOf(JSON.parse(withWebhook()), "aws_secretsmanager_secret", "data");
    expect(metadata.lifecycle.postcondition).toEqual([
      {
        condition: '${contains(keys(self.tags), "cloudflare-webhook-id")}',
        error_message:
          "The webhook destination incident-channel has not been synced to Cloudflare yet: run `infra secrets sync-cloudflare <stage>`, then plan again.",
      },
    ]);
  });

  test("alerts a webhook alone when no address is given", () => {
    expect(
      resourcesOf(JSON.parse(withWebhook({ emails: [] })), "cloudflare_notification_policy")[0].mechanisms.email,
    ).toEqual([]);
  });

  test("throws when nobody would be alerted", () => {
    expect(() => synth({ name: "acme-x", emails: [] })).toThrow(
      /ApiHealthCheck acme-x: no email or webhook to notify when the API health check fails; add at least one contact/,
    );
  });
});
