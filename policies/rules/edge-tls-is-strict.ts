/**
 * INFRA-SEC6: the Cloudflare zone verifies origin certificates (SSL mode `strict`) and refuses TLS below 1.2.
 * `flexible` or `full` lets anyone between Cloudflare and the origin read or forge traffic; TLS 1.0/1.1 are
 * broken and rejected by PCI DSS.
 */
import { COMPLIANT, NOT_APPLICABLE, noncompliant, shown, type GuardrailRule } from "../rule";

const REQUIRED: Record<string, readonly string[]> = {
  ssl: ["strict"],
  min_tls_version: ["1.2", "1.3"],
};

export const edgeTlsIsStrict: GuardrailRule = {
  id: "INFRA-SEC6",
  info: "The zone's TLS setting is weaker than strict origin verification with TLS 1.2 or later.",
  explanation: "Keep ssl = strict and min_tls_version = 1.2 or 1.3 (ZoneEdge sets both).",
  appliesTo: ["cloudflare_zone_setting"],
  check(resource) {
    const setting = String(resource.config.setting_id);
    const allowed = REQUIRED[setting];
    if (!allowed) return NOT_APPLICABLE;
    const value = resource.config.value;
    return typeof value === "string" && allowed.includes(value)
      ? COMPLIANT
      : noncompliant(`${setting} is ${shown(value)}; allowed: ${allowed.join(", ")}`);
  },
};
