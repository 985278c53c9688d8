/**
 * The zone-wide edge, owned by one stage's stack (`cloudflare.ownsZone`) with rules for every stage on the zone:
 * TLS and protocol settings, CAA records, and one entry-point ruleset per phase (security headers, cache rules,
 * rate limiting, custom WAF rules; one file each). Cloudflare allows one entry-point ruleset per phase per zone, so
 * these cannot live in each stage's stack. What the zone plan allows is checked with the stage config, across all
 * stages on the zone (environments/cross-stage-rules.ts).
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/ruleset
 */
import type { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import type { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { Construct } from "constructs";
import { caaRecords } from "./caa-records";
import { cacheRulesRuleset } from "./cache-rules";
import { rateLimitRuleset } from "./rate-limits";
import { securityHeadersRuleset } from "./security-headers";
import { customWafRuleset } from "./waf-custom";
import { zoneSettings } from "./zone-settings";
import type { ZoneStage } from "./zone-stage";

export interface ZoneEdgeProps {
  readonly zoneId: string;
  /** The zone's apex domain (where the CAA records go). */
  readonly apexDomain: string;
  /** Edge and browser cache lifetime of fingerprinted static assets. */
  readonly staticAssetTtlSeconds: number;
  /** Every stage on the zone, the owner included. */
  readonly stages: readonly ZoneStage[];
}

export class ZoneEdge extends Construct {
  public readonly rulesets: Readonly<Record<"headers" | "cache" | "rateLimit" | "firewall", Ruleset>>;
  public readonly settings: readonly ZoneSetting[];

  constructor(scope: Construct, id: string, props: ZoneEdgeProps) {
    super(scope, id);
    if (props.stages.length === 0)
      throw new Error(`ZoneEdge ${id}: no stage on the zone; the zone-wide rules need at least the owning stage`);
    const { zoneId, stages } = props;
    this.settings = zoneSettings(this, zoneId);
    caaRecords(this, zoneId, props.apexDomain);
    this.rulesets = {
      headers: securityHeadersRuleset(this, zoneId, stages),
      cache: cacheRulesRuleset(this, zoneId, props.staticAssetTtlSeconds, stages),
      rateLimit: rateLimitRuleset(this, zoneId, stages),
      firewall: customWafRuleset(this, zoneId, stages),
    };
  }
}
