/**
 * A stage's DNS records in its (existing) Cloudflare zone: the frontend hostnames pointing at Vercel (apex as an A
 * record to Vercel's anycast address, subdomains as CNAMEs) and the API hostname pointing at `<fly app>.fly.dev`,
 * proxied per config, each with a comment naming the construct that owns it.
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/5.14.0/docs/resources/dns_record
 * @see https://vercel.com/docs/domains/working-with-domains/add-a-domain (76.76.21.21, cname.vercel-dns.com)
 */
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { Construct } from "constructs";

export const VERCEL_APEX_ADDRESS = "76.76.21.21";
export const VERCEL_CNAME_TARGET = "cname.vercel-dns.com";
/** Cloudflare's "automatic" TTL, required for proxied records. */
const AUTO_TTL = 1;

export interface EdgeDnsProps {
  readonly zoneId: string;
  /** The zone apex; a frontend host equal to it gets an A record (a CNAME cannot sit at the apex). */
  readonly apexDomain: string;
  /** Hostnames the Vercel frontend serves. */
  readonly frontendHosts: readonly string[];
  readonly apiHostname: string;
  /** Where the API hostname points: the Fly app's `<app>.fly.dev`. */
  readonly apiTarget: string;
  /** Send traffic through Cloudflare's proxy (WAF, cache and headers apply only then). @default true */
  readonly proxied?: boolean;
  /** Whose records these are, for their comment, e.g. `acme staging`. */
  readonly owner: string;
}

export class EdgeDns extends Construct {
  public readonly frontend: Readonly<Record<string, DnsRecord>>;
  public readonly api: DnsRecord;

  constructor(scope: Construct, id: string, props: EdgeDnsProps) {
    super(scope, id);
    const { zoneId, apiHostname } = props;
    const proxied = props.proxied ?? true;
    const comment = (what: string) => `${what} of ${props.owner}; managed by platform-infra (${this.node.path})`;

    const frontend: Record<string, DnsRecord> = {};
    for (const host of props.frontendHosts) {
      const apex = host === props.apexDomain;
      frontend[host] = new DnsRecord(this, `frontend-${host}`, {
        zoneId,
        name: host,
        type: apex ? "A" : "CNAME",
        content: apex ? VERCEL_APEX_ADDRESS : VERCEL_CNAME_TARGET,
        proxied,
        ttl: AUTO_TTL,
        comment: comment("Vercel frontend"),
      });
    }
    this.frontend = frontend;
    this.api = new DnsRecord(this, "api", {
      zoneId,
      name: apiHostname,
      type: "CNAME",
      content: props.apiTarget,
      proxied,
      ttl: AUTO_TTL,
      comment: comment("Fly.io API"),
    });
  }
}
