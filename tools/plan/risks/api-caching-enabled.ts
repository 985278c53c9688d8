/**
 * api-caching-enabled: A cache rule starts caching API traffic (an /api path or the API host), whose responses are
 * per user.
 */
import { list, obj, type Attributes, type RiskRule } from "./types";

/** The expression without its negated groups (`not (...)`): what a rule excludes does not make it match. */
export function withoutNegations(expression: string): string {
  let out = "";
  for (let i = 0; i < expression.length; i++) {
    const rest = expression.slice(i);
    const neg = /^(?:not\s*|!\s*)\(/.exec(rest);
    if (neg && (i === 0 || /[\s(]/.test(expression[i - 1]))) {
      let depth = 0;
      let j = i + neg[0].length - 1;
      for (; j < expression.length; j++) {
        if (expression[j] === "(") depth++;
        else if (expression[j] === ")" && --depth === 0) break;
      }
      i = j;
      out += " ";
      continue;
    }
    out += expression[i];
  }
  return out;
}

/** A rule that turns caching on for API traffic: an `/api` path or an `api.`/`api-` host it matches positively. */
function cachesApi(rule: Attributes): boolean {
  if (rule.enabled === false || obj(rule.action_parameters)?.cache !== true) return false;
  const positive = withoutNegations(String(rule.expression ?? ""));
  return /"\/api(\/|")/.test(positive) || /http\.host\s*(?:eq|==|in|contains)[^)]*"api[.-]/.test(positive);
}

export const apiCachingEnabled: RiskRule = {
  id: "api-caching-enabled",
  types: ["cloudflare_ruleset"],
  check: ({ before, after }) => {
    if ((after ?? before)?.phase !== "http_request_cache_settings") return [];
    const was = list(before?.rules).some(cachesApi);
    return !was && list(after?.rules).some(cachesApi)
      ? [
          "caching is turned on for API traffic (the /api path or the API host): responses may be served to the wrong user",
        ]
      : [];
  },
};
