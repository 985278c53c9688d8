/**
 * Fly.io region codes, from https://fly.io/docs/reference/regions/ (the list `fly platform regions` prints).
 * Kept as data so validation works offline; add a code here when Fly opens a region.
 */
export const FLY_REGIONS = [
  "ams",
  "arn",
  "atl",
  "bog",
  "bom",
  "bos",
  "cdg",
  "den",
  "dfw",
  "ewr",
  "eze",
  "fra",
  "gdl",
  "gig",
  "gru",
  "hkg",
  "iad",
  "jnb",
  "lax",
  "lhr",
  "mad",
  "mia",
  "nrt",
  "ord",
  "otp",
  "phx",
  "qro",
  "scl",
  "sea",
  "sin",
  "sjc",
  "syd",
  "waw",
  "yul",
  "yyz",
] as const;

export type FlyRegion = (typeof FLY_REGIONS)[number];

/**
 * Memory a Fly Machine may have per CPU, by CPU kind, in MB (https://fly.io/docs/machines/guides-examples/machine-sizing/):
 * shared CPUs take 256 MB to 2 GB each, performance CPUs 2 GB to 8 GB each.
 */
export const FLY_MEMORY_PER_CPU_MB = {
  shared: { min: 256, max: 2048 },
  performance: { min: 2048, max: 8192 },
} as const;

/** CPU counts Fly offers per kind (shared-cpu-1x … 8x, performance-1x … 16x). */
export const FLY_CPUS = { shared: [1, 2, 4, 8], performance: [1, 2, 4, 8, 16] } as const;
