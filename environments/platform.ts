/**
 * Facts that are true once for the whole platform: the product's name, its AWS account and region, its GitHub
 * repository, and its Cloudflare account and zone (plan, apex domain, static-asset cache lifetime). Every stage gets
 * them; no stage file may set them (a stage that did would silently disagree with the zone owner or the bootstrap
 * stack). All values are placeholders (example.com, zero-filled ids): replace them with your own.
 */
import type { PlatformInput } from "./types";

export const platform = {
  /** Product name; prefixes secret ids, IAM roles and buckets, so it must be DNS-safe. */
  app: "acme",
  aws: { accountId: "000000000000", region: "eu-west-1" },
  github: { owner: "example-org", repository: "acme-platform", defaultBranch: "main" },
  cloudflare: {
    accountId: "00000000000000000000000000000000",
    zoneId: "00000000000000000000000000000000",
    zonePlan: "pro",
    domain: "example.com",
    staticAssetTtlSeconds: 31_536_000,
  },
} as const satisfies PlatformInput;
