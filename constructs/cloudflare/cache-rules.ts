/**
 * The zone's `http_request_cache_settings` ruleset: fingerprinted static assets cached long at the edge and in
 * browsers; API traffic (the API hosts and `/api/` paths) never cached, because its responses are per user.
 * @see https://developers.cloudflare.com/cache/how-to/cache-rules/
 */
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { Construct } from "constructs";
import { hostIn } from "./hostnames";
import type { ZoneStage } from "./zone-stage";

export const STATIC_EXTENSIONS = [
  "js",
  "css",
  "mjs",
  "map",
  "png",
  "jpg",
  "jpeg",
  "gif",
  "svg",
  "webp",
  "avif",
  "ico",
  "woff",
  "woff2",
  "ttf",
] as const;

export function cacheRulesRuleset(
  scope: Construct,
  zoneId: string,
  staticAssetTtlSeconds: number,
  stages: readonly ZoneStage[],
): Ruleset {
  const apiTraffic = `(${hostIn(stages.map((s) => s.apiHostname))} or starts_with(http.request.uri.path, "/api/"))`;
  return new Ruleset(scope, "cache-rules", {
    zoneId,
    name: "cache rules",
    description: "Long-lived static assets, never the API; managed by platform-infra",
    kind: "zone",
    phase: "http_request_cache_settings",
    rules: [
      {
        ref: "static_assets",
        description: `Static assets: ${staticAssetTtlSeconds}s at the edge and in browsers`,
        expression: `(http.request.uri.path.extension in {${STATIC_EXTENSIONS.map((e) => JSON.stringify(e)).join(" ")}} or starts_with(http.request.uri.path, "/_next/static/")) and not ${apiTraffic}`,
        action: "set_cache_settings",
        enabled: true,
        actionParameters: {
          cache: true,
          edgeTtl: { mode: "override_origin", default: staticAssetTtlSeconds },
          browserTtl: { mode: "override_origin", default: staticAssetTtlSeconds },
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
}
