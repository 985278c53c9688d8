/**
 * The zone's `http_ratelimit` ruleset: a per-IP limit on each stage's API host, sparing the health check. Stages
 * with identical limits share one rule, so the zone plan's rule budget (checked across stages with the config)
 * goes as far as it can.
 * @see https://developers.cloudflare.com/waf/rate-limiting-rules/
 */
import { Ruleset, type RulesetRules } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { Construct } from "constructs";
import { hostIn } from "./hostnames";
import type { ZoneStage } from "./zone-stage";

/** Stages grouped by identical limits, one rule per group. */
export function rateLimitGroups(
  stages: readonly ZoneStage[],
): Array<{ stages: ZoneStage[]; limit: ZoneStage["apiRateLimit"] }> {
  const groups = new Map<string, { stages: ZoneStage[]; limit: ZoneStage["apiRateLimit"] }>();
  for (const stage of stages) {
    const key = JSON.stringify(stage.apiRateLimit);
    const group = groups.get(key) ?? { stages: [], limit: stage.apiRateLimit };
    group.stages.push(stage);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function rateLimitRuleset(scope: Construct, zoneId: string, stages: readonly ZoneStage[]): Ruleset {
  const notHealth = (stage: ZoneStage) => `(http.request.uri.path ne ${JSON.stringify(stage.healthPath)})`;
  return new Ruleset(scope, "rate-limits", {
    zoneId,
    name: "api rate limits",
    description: "Per-IP API rate limits per stage; managed by platform-infra",
    kind: "zone",
    phase: "http_ratelimit",
    rules: rateLimitGroups(stages).map(({ stages: group, limit }): RulesetRules => ({
      ref: `api_rate_limit_${group.map((s) => s.name).join("_")}`,
      description: `API rate limit: ${limit.requestsPerPeriod} per ${limit.periodSeconds}s per IP (${group.map((s) => s.name).join(", ")})`,
      expression: `${hostIn(group.map((s) => s.apiHostname))} and ${[...new Set(group.map(notHealth))].join(" and ")}`,
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
}
