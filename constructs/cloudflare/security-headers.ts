/**
 * The zone's `http_response_headers_transform` ruleset: security response headers per stage (HSTS, CSP,
 * framing, sniffing, referrer, permissions), matched by the stage's hostnames.
 * @see https://developers.cloudflare.com/rules/transform/response-header-modification/
 */
import { Ruleset, type RulesetRules } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { Construct } from "constructs";
import { hostIn } from "./hostnames";
import type { ZoneStage } from "./zone-stage";

export const ONE_YEAR_SECONDS = 31_536_000;

export function securityHeaders(headers: ZoneStage["headers"]): Record<string, { operation: string; value?: string }> {
  // Preload is asked for in config and allowed only on tiers that may (environments/rules.ts), never dropped here.
  const hsts = `max-age=${ONE_YEAR_SECONDS}; includeSubDomains${headers.hstsPreload ? "; preload" : ""}`;
  return {
    "Strict-Transport-Security": { operation: "set", value: hsts },
    "Content-Security-Policy": { operation: "set", value: headers.contentSecurityPolicy },
    "X-Frame-Options": { operation: "set", value: "DENY" },
    "X-Content-Type-Options": { operation: "set", value: "nosniff" },
    "Referrer-Policy": { operation: "set", value: "strict-origin-when-cross-origin" },
    "Permissions-Policy": { operation: "set", value: headers.permissionsPolicy },
    "X-Powered-By": { operation: "remove" },
  };
}

export function securityHeadersRuleset(scope: Construct, zoneId: string, stages: readonly ZoneStage[]): Ruleset {
  return new Ruleset(scope, "security-headers", {
    zoneId,
    name: "security headers",
    description: "Security response headers per stage; managed by platform-infra",
    kind: "zone",
    phase: "http_response_headers_transform",
    rules: stages.map((stage): RulesetRules => ({
      ref: `security_headers_${stage.name}`,
      description: `Security headers for ${stage.name}`,
      expression: hostIn([...stage.frontendHosts, stage.apiHostname]),
      action: "rewrite",
      enabled: true,
      actionParameters: { headers: securityHeaders(stage.headers) },
    })),
  });
}
