/**
 * rate-limit-weakened: A Cloudflare rate-limiting rule is removed, disabled or allows more requests per second than
 * before.
 */
import { list, obj, type RiskRule } from "./types";

const ruleKey = (r: Record<string, any>, i: number) => String(r.ref ?? r.description ?? r.expression ?? i);

export const rateLimitWeakened: RiskRule = {
  id: "rate-limit-weakened",
  types: ["cloudflare_ruleset"],
  check: ({ before, after }) => {
    if (before?.phase !== "http_ratelimit") return [];
    const afterRules = new Map(list(after?.rules).map((r, i) => [ruleKey(r, i), r]));
    return list(before.rules).flatMap((b, i) => {
      const a = afterRules.get(ruleKey(b, i));
      const name = b.description ?? b.ref ?? `rule ${i}`;
      if (!after) return [`rate limiting ruleset is deleted: "${name}" no longer limits requests`];
      if (!a) return [`rate limit "${name}" is removed`];
      if (a.enabled === false && b.enabled !== false) return [`rate limit "${name}" is disabled`];
      const bl = obj(b.ratelimit) ?? {},
        al = obj(a.ratelimit) ?? {};
      const bRate = Number(bl.requests_per_period) / Number(bl.period);
      const aRate = Number(al.requests_per_period) / Number(al.period);
      return aRate > bRate
        ? [
            `rate limit "${name}" raised from ${bl.requests_per_period} per ${bl.period}s to ${al.requests_per_period} per ${al.period}s`,
          ]
        : [];
    });
  },
};
