/**
 * cacheRulesRuleset specifies the zone's `http_request_cache_settings` entry point: fingerprinted static assets (by
 * extension, or under /_next/static/) cached for the given lifetime at the edge and in browsers, and API traffic
 * (every stage's API hostname, and /api/ paths on any host) never cached, its rule last so that it wins. The stages
 * are the example stages as the zone owner's stack maps them, with the platform's one-year lifetime.
 */
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { Testing } from "cdktf";
import { cacheRulesRuleset } from "../../../constructs/cloudflare/cache-rules";
import { getStage, STAGE_LIST } from "../../../environments";
import { zoneStage } from "../../../stacks/environment-stack";
import { resourcesOf, ZONE_ID, zoneEntryPoint } from "../../support/construct-scope";

const ttl = getStage("production").cloudflare.staticAssetTtlSeconds;
const out = Testing.synthScope((scope) => void cacheRulesRuleset(scope, ZONE_ID, ttl, STAGE_LIST.map(zoneStage)));
const [statics, api] = resourcesOf(JSON.parse(out), "cloudflare_ruleset")[0].rules;
const API_TRAFFIC =
  '((http.host in {"api.dev.example.com" "api.staging.example.com" "api.example.com"}) or starts_with(http.request.uri.path, "/api/"))';

describe("cacheRulesRuleset", () => {
  test("is the zone's http_request_cache_settings entry point", () => {
    expect(out).toHaveResourceWithProperties(Ruleset, zoneEntryPoint("http_request_cache_settings", "cache rules"));
  });

  test("caches static assets for the given lifetime (one year on the platform) at the edge and in browsers", () => {
    expect(ttl).toBe(31536000);
    expect(statics).toMatchObject({ ref: "static_assets", action: "set_cache_settings", enabled: true });
    expect(statics.action_parameters).toEqual({
      cache: true,
      edge_ttl: { mode: "override_origin", default: 31536000 },
      browser_ttl: { mode: "override_origin", default: 31536000 },
    });
  });

  test("counts as a static asset a fingerprinted extension or a path under /_next/static/, never API traffic", () => {
    expect(statics.expression).toBe(
      `(http.request.uri.path.extension in {"js" "css" "mjs" "map" "png" "jpg" "jpeg" "gif" "svg" "webp" "avif" "ico" "woff" "woff2" "ttf"} or starts_with(http.request.uri.path, "/_next/static/")) and not ${API_TRAFFIC}`,
    );
  });

  test("never caches every stage's API hostname or /api/ paths, evaluated last so it wins", () => {
    expect(api).toMatchObject({ ref: "api_bypass", action: "set_cache_settings", action_parameters: { cache: false } });
    expect(api.expression).toBe(API_TRAFFIC);
  });
});
