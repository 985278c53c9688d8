/**
 * zoneSettings specifies the zone-wide settings every proxied stage relies on: SSL full (strict) to origins, TLS 1.2
 * at least, HTTPS only with automatic HTTPS rewrites, HTTP/3 and Brotli on, and 0-RTT off (replayable early data),
 * each a `cloudflare_zone_setting` of the given zone with a plain string value.
 */
import { zoneSettings } from "../../../constructs/cloudflare/zone-settings";
import { resourcesOf, synthJson, ZONE_ID } from "../../support/construct-scope";

describe("zoneSettings", () => {
  test("sets SSL strict, TLS >= 1.2, HTTPS only, HTTPS rewrites, HTTP/3, Brotli and 0-RTT off on the zone", () => {
    const json = synthJson((scope) => void zoneSettings(scope, ZONE_ID));
    expect(
      resourcesOf(json, "cloudflare_zone_setting")
        .map((s) => [s.setting_id, s.value, s.zone_id])
        .sort(),
    ).toEqual([
      ["0rtt", "off", ZONE_ID],
      ["always_use_https", "on", ZONE_ID],
      ["automatic_https_rewrites", "on", ZONE_ID],
      ["brotli", "on", ZONE_ID],
      ["http3", "on", ZONE_ID],
      ["min_tls_version", "1.2", ZONE_ID],
      ["ssl", "strict", ZONE_ID],
    ]);
  });
});
