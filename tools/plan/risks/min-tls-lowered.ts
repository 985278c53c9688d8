/**
 * min-tls-lowered: The zone's minimum TLS version goes down.
 */
import type { RiskRule } from "./types";

const TLS_ORDER = ["1.0", "1.1", "1.2", "1.3"];

export const minTlsLowered: RiskRule = {
  id: "min-tls-lowered",
  types: ["cloudflare_zone_setting"],
  check: ({ before, after }) => {
    if (before?.setting_id !== "min_tls_version" || !after) return [];
    return TLS_ORDER.indexOf(String(after.value)) < TLS_ORDER.indexOf(String(before.value))
      ? [`minimum TLS version lowered from ${before.value} to ${after.value}`]
      : [];
  },
};
