/**
 * CAA records at the apex: only the CAs that issue certificates for Vercel and Fly.io (Let's Encrypt) and for
 * Cloudflare's edge may issue for the zone.
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/dns_record
 */
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import type { Construct } from "constructs";

export const CAA_ISSUERS = ["letsencrypt.org", "pki.goog", "ssl.com"] as const;

export function caaRecords(scope: Construct, zoneId: string, apexDomain: string): DnsRecord[] {
  return CAA_ISSUERS.map((issuer) => {
    const record = new DnsRecord(scope, `caa-${issuer}`, {
      zoneId,
      name: apexDomain,
      type: "CAA",
      ttl: 3600,
      data: { tag: "issue", value: issuer },
      comment: `Allows ${issuer} to issue certificates; managed by platform-infra (${scope.node.path})`,
    });
    record.addOverride("data.flags", 0);
    return record;
  });
}
