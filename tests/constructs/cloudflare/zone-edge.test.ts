/**
 * ZoneEdge specifies the zone-wide edge one stage's stack owns for every stage on the zone: the zone settings, the
 * CAA records at the apex, and exactly one entry-point ruleset per phase (security headers, cache rules, rate
 * limits, custom WAF rules), because Cloudflare allows one per phase per zone. What each ruleset holds is specified
 * in its own file; here, that ZoneEdge composes them from its props.
 */
import type { Construct } from "constructs";
import { ZoneEdge, type ZoneEdgeProps } from "../../../constructs/cloudflare/zone-edge";
import { ZONE_SETTINGS } from "../../../constructs/cloudflare/zone-settings";
import { STAGE_LIST } from "../../../environments";
import { zoneStage } from "../../../stacks/environment-stack";
import { resourcesOf, synthJson, ZONE_ID } from "../../support/construct-scope";

const PROPS: ZoneEdgeProps = {
  zoneId: ZONE_ID,
  apexDomain: "example.com",
  staticAssetTtlSeconds: 3600,
  stages: STAGE_LIST.map(zoneStage),
};
const edge =
  (props: Partial<ZoneEdgeProps> = {}) =>
  (scope: Construct) =>
    void new ZoneEdge(scope, "zone-edge", { ...PROPS, ...props });
const json = synthJson(edge());

describe("ZoneEdge", () => {
  test("declares exactly one zone ruleset per phase", () => {
    expect(
      resourcesOf(json, "cloudflare_ruleset")
        .map((r) => [r.phase, r.kind, r.zone_id])
        .sort(),
    ).toEqual([
      ["http_ratelimit", "zone", ZONE_ID],
      ["http_request_cache_settings", "zone", ZONE_ID],
      ["http_request_firewall_custom", "zone", ZONE_ID],
      ["http_response_headers_transform", "zone", ZONE_ID],
    ]);
  });

  test("writes rules for every stage it is given", () => {
    const headers = resourcesOf(json, "cloudflare_ruleset").find((r) => r.phase === "http_response_headers_transform");
    expect(headers.rules.map((r: any) => r.ref)).toEqual([
      "security_headers_development",
      "security_headers_staging",
      "security_headers_production",
    ]);
  });

  test("gives the cache rules the static-asset lifetime it is given", () => {
    const cache = resourcesOf(json, "cloudflare_ruleset").find((r) => r.phase === "http_request_cache_settings");
    expect(cache.rules[0].action_parameters.edge_ttl).toEqual({ mode: "override_origin", default: 3600 });
  });

  test("sets the zone settings and puts the CAA records at the apex it is given", () => {
    const settings = resourcesOf(json, "cloudflare_zone_setting");
    expect([settings.length, new Set(settings.map((s) => s.zone_id))]).toEqual([
      ZONE_SETTINGS.length,
      new Set([ZONE_ID]),
    ]);
    expect(
      resourcesOf(synthJson(edge({ apexDomain: "example.org" })), "cloudflare_dns_record").map((r) => [
        r.name,
        r.type,
        r.data.value,
      ]),
    ).toEqual([
      ["example.org", "CAA", "letsencrypt.org"],
      ["example.org", "CAA", "pki.goog"],
      ["example.org", "CAA", "ssl.com"],
    ]);
  });

  test("throws when no stage is on the zone", () => {
    expect(() => synthJson(edge({ stages: [] }))).toThrow(
      /ZoneEdge zone-edge: no stage on the zone; the zone-wide rules need at least the owning stage/,
    );
  });
});
