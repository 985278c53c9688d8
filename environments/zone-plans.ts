/**
 * What each Cloudflare zone plan allows for the edge features we configure. Validation reads this table so a
 * config that the plan would reject at apply time is rejected at synth instead, naming the plan.
 * Source: https://developers.cloudflare.com/waf/rate-limiting-rules/#availability and
 * https://developers.cloudflare.com/health-checks/ (health checks need Pro or higher).
 */
export const ZONE_PLANS = ["free", "pro", "business", "enterprise"] as const;
export type ZonePlan = (typeof ZONE_PLANS)[number];

export interface ZonePlanLimits {
  /** Rate-limit periods (seconds) the plan accepts. */
  readonly rateLimitPeriodsSeconds: readonly number[];
  /** Rate-limiting rules a zone on this plan may hold. */
  readonly maxRateLimitRules: number;
  /** Custom WAF rules a zone on this plan may hold (https://developers.cloudflare.com/waf/custom-rules/#availability). */
  readonly maxCustomRules: number;
  /** Standalone health checks are available. */
  readonly healthChecks: boolean;
}

/** Custom WAF rules the zone-wide edge declares (ZoneEdge's `waf-custom` ruleset; a test keeps the two equal). */
export const EDGE_CUSTOM_RULES_PER_ZONE = 2;

export const ZONE_PLAN_LIMITS: Record<ZonePlan, ZonePlanLimits> = {
  free: { rateLimitPeriodsSeconds: [10], maxRateLimitRules: 1, maxCustomRules: 5, healthChecks: false },
  pro: { rateLimitPeriodsSeconds: [10, 60], maxRateLimitRules: 2, maxCustomRules: 20, healthChecks: true },
  business: {
    rateLimitPeriodsSeconds: [10, 60, 120, 300, 600],
    maxRateLimitRules: 5,
    maxCustomRules: 100,
    healthChecks: true,
  },
  enterprise: {
    rateLimitPeriodsSeconds: [10, 60, 120, 300, 600, 3600],
    maxRateLimitRules: 100,
    maxCustomRules: 1000,
    healthChecks: true,
  },
};
