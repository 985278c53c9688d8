/**
 * EdgeDns specifies a stage's own DNS records in its Cloudflare zone: each frontend hostname points at Vercel (the
 * apex as an A record to Vercel's anycast address, since a CNAME cannot sit at the apex; any other host as a CNAME),
 * the API hostname points at the Fly app, every record is proxied unless the props say otherwise, with Cloudflare's
 * automatic TTL, and each carries a comment naming what it serves, its owner and the construct that declares it.
 */
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Testing } from "cdktf";
import { EdgeDns, type EdgeDnsProps } from "../../../constructs/cloudflare/edge-dns";
import { resourcesOf, ZONE_ID } from "../../support/construct-scope";

const PROPS: EdgeDnsProps = {
  zoneId: ZONE_ID,
  apexDomain: "example.com",
  frontendHosts: ["example.com", "www.example.com"],
  apiHostname: "api.example.com",
  apiTarget: "acme-api.fly.dev",
  owner: "acme production",
};
const synth = (props: Partial<EdgeDnsProps> = {}) =>
  Testing.synthScope((scope) => void new EdgeDns(scope, "dns", { ...PROPS, ...props }));
const records = (out: string) => resourcesOf(JSON.parse(out), "cloudflare_dns_record");

describe("EdgeDns", () => {
  test("points the apex at Vercel with an A record to its anycast address", () => {
    expect(synth()).toHaveResourceWithProperties(DnsRecord, {
      zone_id: ZONE_ID,
      name: "example.com",
      type: "A",
      content: "76.76.21.21",
      ttl: 1,
    });
  });

  test("points a frontend subdomain at Vercel with a CNAME", () => {
    expect(synth()).toHaveResourceWithProperties(DnsRecord, {
      zone_id: ZONE_ID,
      name: "www.example.com",
      type: "CNAME",
      content: "cname.vercel-dns.com",
      ttl: 1,
    });
  });

  test("points a frontend that is not the apex at Vercel with a CNAME, never an A record", () => {
    const out = synth({ frontendHosts: ["staging.example.com"], apiHostname: "api.staging.example.com" });
    expect(records(out).map((r) => [r.name, r.type, r.content])).toEqual([
      ["api.staging.example.com", "CNAME", "acme-api.fly.dev"],
      ["staging.example.com", "CNAME", "cname.vercel-dns.com"],
    ]);
  });

  test("points the API hostname at the Fly app with a CNAME", () => {
    expect(synth()).toHaveResourceWithProperties(DnsRecord, {
      zone_id: ZONE_ID,
      name: "api.example.com",
      type: "CNAME",
      content: "acme-api.fly.dev",
      ttl: 1,
    });
  });

  test("declares one record per frontend host and one for the API, and nothing else", () => {
    expect(
      records(synth())
        .map((r) => [r.name, r.type, r.content, r.proxied, r.ttl])
        .sort(),
    ).toEqual([
      ["api.example.com", "CNAME", "acme-api.fly.dev", true, 1],
      ["example.com", "A", "76.76.21.21", true, 1],
      ["www.example.com", "CNAME", "cname.vercel-dns.com", true, 1],
    ]);
    expect(Object.keys(JSON.parse(synth()).resource)).toEqual(["cloudflare_dns_record"]);
  });

  test("proxies every record by default", () => {
    expect(records(synth()).map((r) => r.proxied)).toEqual([true, true, true]);
  });

  test("passes proxied: false to every record", () => {
    expect(records(synth({ proxied: false })).map((r) => r.proxied)).toEqual([false, false, false]);
  });

  test("comments each record with what it serves, its owner and the construct's path", () => {
    expect(
      records(synth())
        .map((r) => [r.name, r.comment])
        .sort(),
    ).toEqual([
      ["api.example.com", "Fly.io API of acme production; managed by platform-infra (stack/dns)"],
      ["example.com", "Vercel frontend of acme production; managed by platform-infra (stack/dns)"],
      ["www.example.com", "Vercel frontend of acme production; managed by platform-infra (stack/dns)"],
    ]);
  });
});
