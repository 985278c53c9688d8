/**
 * Zone settings for every proxied stage: strict TLS to origins, TLS >= 1.2, HTTPS only, modern protocols.
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/zone_setting
 */
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import type { Construct } from "constructs";

export const ZONE_SETTINGS: ReadonlyArray<[string, string]> = [
  ["ssl", "strict"],
  ["min_tls_version", "1.2"],
  ["always_use_https", "on"],
  ["automatic_https_rewrites", "on"],
  ["http3", "on"],
  ["brotli", "on"],
  ["0rtt", "off"],
];

export function zoneSettings(scope: Construct, zoneId: string): ZoneSetting[] {
  return ZONE_SETTINGS.map(([settingId, value]) => {
    const setting = new ZoneSetting(scope, `setting-${settingId}`, { zoneId, settingId, value: {} });
    // The provider types `value` as a dynamic object; these settings take plain strings.
    setting.addOverride("value", value);
    return setting;
  });
}
