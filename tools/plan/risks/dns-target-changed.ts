/**
 * dns-target-changed: The DNS record of the apex or the API is removed or points somewhere else.
 */
import { isApexOrApiName } from "../protected-resources";
import type { RiskRule } from "./types";

export const dnsTargetChanged: RiskRule = {
  id: "dns-target-changed",
  types: ["cloudflare_dns_record"],
  check: ({ before, after, raw }) => {
    if (!before || !isApexOrApiName(String(raw.before?.name ?? ""))) return [];
    if (!after) return [`DNS record ${before.name} (${before.type}) is removed`];
    // Compared raw, printed masked: a sensitive target shows as (sensitive).
    return raw.before?.content !== raw.after?.content
      ? [`DNS target of ${before.name} changes from ${before.content} to ${after.content}`]
      : [];
  },
};
