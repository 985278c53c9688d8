/**
 * The zone-wide edge, owned by one stage's stack (`cloudflare.ownsZone`) with rules for every stage on the zone:
 * TLS and protocol settings, CAA records for the CAs Vercel and Fly.io use, and one entry-point ruleset per phase
 * (security headers, cache rules, rate limiting, custom WAF rules). Cloudflare allows one entry-point ruleset per
 * phase per zone, so these cannot live in each stage's stack. What the zone plan allows is checked with the stage
 * config, across all stages on the zone (environments/cross-stage-rules.ts).
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/ruleset
 */
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Ruleset, type RulesetRules } from "@cdktf/provider-cloudflare/lib/ruleset";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { Construct } from "constructs";
import type { StageConfig } from "../../environments";
import { healthPath, hostIn, stageHosts } from "./hostnames";

/** CAs that issue certificates for Vercel and Fly.io (both use Let's Encrypt) and for Cloudflare's edge. */
export const CAA_ISSUERS = ["letsencrypt.org", "pki.goog", "ssl.com"] as const;

/** Zone settings for every proxied stage: strict TLS to origins, TLS >= 1.2, HTTPS only, modern protocols. */
export const ZONE_SETTINGS: ReadonlyArray<[string, string]> = [
  ["ssl", "strict"],
  ["min_tls_version", "1.2"],
  ["always_use_https", "on"],
  ["automatic_https_rewrites", "on"],
  ["http3", "on"],
  ["brotli", "on"],
  ["0rtt", "off"],
];

export const STATIC_EXTENSIONS = ["js", "css", "mjs", "map", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "woff", "woff2", "ttf"] as const;
export const PROBE_PATHS = ["/.env", "/.git", "/wp-admin", "/wp-login.php", "/xmlrpc.php", "/phpmyadmin", "/.aws", "/.ssh", "/server-status", "/.DS_Store"] as const;
export const ONE_YEAR_SECONDS = 31_536_000;
export const THREAT_SCORE_CHALLENGE = 30;

export interface ZoneEdgeProps {
  /** The owning stage. */
  readonly owner: StageConfig;
  /** Every stage on the zone (the owner included). */
  readonly stages: readonly StageConfig[];
}

function securityHeaders(stage: StageConfig): Record<string, { operation: string; value?: string }> {
  // Preload is asked for in config and allowed only on tiers that may (environments/rules.ts), never dropped here.
  const hsts = `max-age=${ONE_YEAR_SECONDS}; includeSubDomains${stage.security.hstsPreload ? "; preload" : ""}`;
  return {
    "Strict-Transport-Security": { operation: "set", value: hsts },
    "Content-Security-Policy": { operation: "set", value: stage.security.contentSecurityPolicy },
    "X-Frame-Options": { operation: "set", value: "DENY" },
    "X-Content-Type-Options": { operation: "set", value: "nosniff" },
    "Referrer-Policy": { operation: "set", value: "strict-origin-when-cross-origin" },
    "Permissions-Policy": { operation: "set", value: stage.security.permissionsPolicy },
    "X-Powered-By": { operation: "remove" },
  };
}

/** Stages with identical limits share one rule, so a zone plan's rule budget goes as far as it can. */
function rateLimitGroups(stages: readonly StageConfig[]): Array<{ stages: StageConfig[]; limit: StageConfig["security"]["apiRateLimit"] }> {
  const groups = new Map<string, { stages: StageConfig[]; limit: StageConfig["security"]["apiRateLimit"] }>();
  for (const stage of stages) {
    const key = JSON.stringify(stage.security.apiRateLimit);
    const group = groups.get(key) ?? { stages: [], limit: stage.security.apiRateLimit };
    group.stages.push(stage);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export class ZoneEdge extends Construct {
  public readonly rulesets: Readonly<Record<"headers" | "cache" | "rateLimit" | "firewall", Ruleset>>;
  public readonly settings: readonly ZoneSetting[];

  constructor(scope: Construct, id: string, props: ZoneEdgeProps) {
    super(scope, id);
    const { owner, stages } = props;
    const zoneId = owner.cloudflare.zoneId;

    this.settings = ZONE_SETTINGS.map(([settingId, value]) => {
      const setting = new ZoneSetting(this, `setting-${settingId}`, { zoneId, settingId, value: {} });
      // The provider types `value` as a dynamic object; these settings take plain strings.
      setting.addOverride("value", value);
      return setting;
    });

    CAA_ISSUERS.forEach((issuer) => {
      const record = new DnsRecord(this, `caa-${issuer}`, {
        zoneId,
        name: owner.cloudflare.domain,
        type: "CAA",
        ttl: 3600,
        data: { tag: "issue", value: issuer },
        comment: `Allows ${issuer} to issue certificates; managed by platform-infra (${this.node.path})`,
      });
      record.addOverride("data.flags", 0);
    });

    const notHealth = (stage: StageConfig) => `(http.request.uri.path ne ${JSON.stringify(healthPath(stage))})`;
    const anyHealth = [...new Set(stages.map(healthPath))];
    const allowHealth = `not (http.request.uri.path in {${anyHealth.map((p) => JSON.stringify(p)).join(" ")}})`;

    const headers = new Ruleset(this, "security-headers", {
      zoneId,
      name: "security headers",
      description: "Security response headers per stage; managed by platform-infra",
      kind: "zone",
      phase: "http_response_headers_transform",
      rules: stages.map((stage): RulesetRules => ({
        ref: `security_headers_${stage.name}`,
        description: `Security headers for ${stage.name}`,
        expression: hostIn(stageHosts(stage)),
        action: "rewrite",
        enabled: true,
        actionParameters: { headers: securityHeaders(stage) },
      })),
    });

    const apiHosts = stages.map((s) => s.cloudflare.apiHostname);
    const apiTraffic = `(${hostIn(apiHosts)} or starts_with(http.request.uri.path, "/api/"))`;
    const cache = new Ruleset(this, "cache-rules", {
      zoneId,
      name: "cache rules",
      description: "Long-lived static assets, never the API; managed by platform-infra",
      kind: "zone",
      phase: "http_request_cache_settings",
      rules: [
        {
          ref: "static_assets",
          description: `Static assets: ${owner.cloudflare.staticAssetTtlSeconds}s at the edge and in browsers`,
          expression: `(http.request.uri.path.extension in {${STATIC_EXTENSIONS.map((e) => JSON.stringify(e)).join(" ")}} or starts_with(http.request.uri.path, "/_next/static/")) and not ${apiTraffic}`,
          action: "set_cache_settings",
          enabled: true,
          actionParameters: {
            cache: true,
            edgeTtl: { mode: "override_origin", default: owner.cloudflare.staticAssetTtlSeconds },
            browserTtl: { mode: "override_origin", default: owner.cloudflare.staticAssetTtlSeconds },
          },
        },
        {
          ref: "api_bypass",
          description: "API responses are per user: never cache",
          expression: apiTraffic,
          action: "set_cache_settings",
          enabled: true,
          actionParameters: { cache: false },
        },
      ],
    });

    const rateLimit = new Ruleset(this, "rate-limits", {
      zoneId,
      name: "api rate limits",
      description: "Per-IP API rate limits per stage; managed by platform-infra",
      kind: "zone",
      phase: "http_ratelimit",
      rules: rateLimitGroups(stages).map(({ stages: group, limit }): RulesetRules => ({
        ref: `api_rate_limit_${group.map((s) => s.name).join("_")}`,
        description: `API rate limit: ${limit.requestsPerPeriod} per ${limit.periodSeconds}s per IP (${group.map((s) => s.name).join(", ")})`,
        expression: `${hostIn(group.map((s) => s.cloudflare.apiHostname))} and ${[...new Set(group.map(notHealth))].join(" and ")}`,
        action: limit.action,
        enabled: true,
        ratelimit: {
          characteristics: ["cf.colo.id", "ip.src"],
          period: limit.periodSeconds,
          requestsPerPeriod: limit.requestsPerPeriod,
          mitigationTimeout: limit.mitigationTimeoutSeconds,
        },
      })),
    });

    const firewall = new Ruleset(this, "waf-custom", {
      zoneId,
      name: "custom WAF rules",
      description: "Block probes for secrets and admin panels, challenge high threat scores; managed by platform-infra",
      kind: "zone",
      phase: "http_request_firewall_custom",
      rules: [
        {
          ref: "block_probes",
          description: "Block probes of dotfiles, VCS metadata and admin panels",
          expression: `(${PROBE_PATHS.map((p) => `starts_with(lower(http.request.uri.path), ${JSON.stringify(p)})`).join(" or ")} or ends_with(lower(http.request.uri.path), ".php")) and ${allowHealth}`,
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

    this.rulesets = { headers, cache, rateLimit, firewall };
  }
}
