/**
 * caaRecords specifies the zone's CAA records: at the apex, one `issue` record (flags 0) for each CA allowed to issue
 * certificates for the zone (Let's Encrypt for Vercel and Fly.io, Google Trust Services and SSL.com for Cloudflare's
 * edge), and no other CA, each commented with the issuer it allows and the scope that declares it.
 */
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Testing } from "cdktf";
import { caaRecords } from "../../../constructs/cloudflare/caa-records";
import { resourcesOf, ZONE_ID } from "../../support/construct-scope";

const out = Testing.synthScope((scope) => void caaRecords(scope, ZONE_ID, "example.com"));

describe("caaRecords", () => {
  test("allows exactly letsencrypt.org, pki.goog and ssl.com to issue for the apex", () => {
    expect(
      resourcesOf(JSON.parse(out), "cloudflare_dns_record").map((r) => [r.zone_id, r.name, r.type, r.ttl, r.data]),
    ).toEqual([
      [ZONE_ID, "example.com", "CAA", 3600, { flags: 0, tag: "issue", value: "letsencrypt.org" }],
      [ZONE_ID, "example.com", "CAA", 3600, { flags: 0, tag: "issue", value: "pki.goog" }],
      [ZONE_ID, "example.com", "CAA", 3600, { flags: 0, tag: "issue", value: "ssl.com" }],
    ]);
  });

  test("comments each record with the issuer it allows and the scope that declares it", () => {
    expect(out).toHaveResourceWithProperties(DnsRecord, {
      data: { flags: 0, tag: "issue", value: "pki.goog" },
      comment: "Allows pki.goog to issue certificates; managed by platform-infra (stack)",
    });
  });
});
