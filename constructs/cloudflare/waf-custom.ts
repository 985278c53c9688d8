/**
 * The zone's `http_request_firewall_custom` ruleset: block probes for secrets and admin panels, challenge high
 * threat scores, never on a health-check path. Its rule count is EDGE_CUSTOM_RULES_PER_ZONE, which the zone budget
 * check across stages counts (a test keeps the two equal).
 * @see https://developers.cloudflare.com/waf/custom-rules/
 */
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { Construct } from "constructs";
import { pathIn } from "./hostnames";
import type { ZoneStage } from "./zone-stage";

export const PROBE_PATHS = [
  "/.env",
  "/.git",
  "/wp-admin",
  "/wp-login.php",
  "/xmlrpc.php",
  "/phpmyadmin",
  "/.aws",
  "/.ssh",
  "/server-status",
  "/.DS_Store",
] as const;
export const THREAT_SCORE_CHALLENGE = 30;

export function customWafRuleset(scope: Construct, zoneId: string, stages: readonly ZoneStage[]): Ruleset {
  const allowHealth = `not ${pathIn([...new Set(stages.map((s) => s.healthPath))])}`;
  return new Ruleset(scope, "waf-custom", {
    zoneId,
    name: "custom WAF rules",
    description: "Block probes for secrets and admin panels, challenge high threat scores; managed by platform-infra",
    kind: "zone",
    phase: "http_request_firewall_custom",
    rules: [
      {
        ref: "block_probes",
        description: "Block probes of dotfiles, VCS metadata and admin panels",
        expression: `(${PROBE_PATHS.map((p) => `starts_with(lower(http.request.uri.path), ${JSON.stringify(p.toLowerCase())})`).join(" or ")} or ends_with(lower(http.request.uri.path), ".php")) and ${allowHealth}`,
        action: "block",
        enabled: true,
      },
      {
        ref: "challenge_threats",
        description: `Managed challenge for threat score above ${THREAT_SCORE_CHALLENGE}`,
        expression: `(cf.threat_score gt ${THREAT_SCORE_CHALLENGE}) and ${allowHealth}`,
        action: "managed_challenge",
        enabled: true,
      },
    ],
  });
}
