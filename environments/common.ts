/**
 * Defaults the example stages share: each file in stages/ spreads this and sets only what differs. (Facts that are
 * true once for the whole platform live in platform.ts and no stage may set them.) All values are placeholders
 * (example.com, zero-filled ids): replace them with your own before the first deploy.
 */
import { platform } from "./platform";
import type { StageFileInput } from "./types";

/**
 * A stage's hosts on the zone: its frontend at `<sub>.<domain>` (the apex and `www.` without `sub`), its API at `api.`
 * before that, and the frontend's `NEXT_PUBLIC_API_URL` pointing at that API. Derived in one place so a stage's
 * frontend cannot be left calling another stage's API. Spread into `vercel` and `cloudflare` of a stage file.
 */
export function stageHosts(sub?: string) {
  const web = sub ? `${sub}.${platform.cloudflare.domain}` : platform.cloudflare.domain;
  const api = `api.${web}`;
  return {
    vercel: { domains: sub ? [web] : [web, `www.${web}`], env: { NEXT_PUBLIC_API_URL: `https://${api}` } },
    cloudflare: { apiHostname: api },
  };
}

export const common = {
  github: {
    reviewers: { users: [], teams: [] },
    waitTimerMinutes: 0,
    deploymentBranches: "any",
  },
  vercel: {
    teamId: "team_000000000000000000000000",
    projectName: "acme-web",
    framework: "nextjs",
    rootDirectory: "apps/web",
    nodeVersion: "22.x",
    domains: [],
    protectPreviews: true,
    env: {},
  },
  cloudflare: {
    apiHostname: "api.example.com",
    proxied: true,
    ownsZone: false,
  },
  fly: {
    org: "example-org",
    app: "acme-api",
    primaryRegion: "ams",
    extraRegions: [],
    machinesPerRegion: 1,
    build: { dockerfile: "Dockerfile" },
    vm: { cpuKind: "shared", cpus: 1, memoryMb: 256 },
    http: {
      internalPort: 8080,
      forceHttps: true,
      autoStopMachines: "stop",
      autoStartMachines: true,
      minMachinesRunning: 0,
      concurrency: { type: "requests", softLimit: 200, hardLimit: 250 },
    },
    healthCheck: { path: "/health", intervalSeconds: 15, timeoutSeconds: 5, gracePeriodSeconds: 30 },
    deploy: { strategy: "rolling" },
    env: { LOG_LEVEL: "info", PORT: "8080" },
  },
  /** The secrets catalogue: names and who reads them. Values are only ever in AWS Secrets Manager. */
  secrets: [
    {
      name: "database-url",
      description: "PostgreSQL connection URL of the API's primary database",
      consumers: ["fly"],
      rotationDays: 90,
    },
    {
      name: "redis-url",
      description: "Redis connection URL for caching and background jobs",
      consumers: ["fly"],
      rotationDays: 90,
    },
    {
      name: "supabase-service-role-key",
      description: "Supabase service-role key for server-side storage and auth admin calls",
      consumers: ["fly"],
      rotationDays: 90,
    },
    {
      name: "voice-api-private-key",
      description: "Private key that signs requests to the voice API",
      consumers: ["fly"],
      rotationDays: 180,
    },
    {
      name: "webhook-signing-secret",
      description: "Shared secret that verifies incoming webhook signatures",
      consumers: ["fly", "vercel"],
      rotationDays: 90,
    },
    {
      name: "crm-api-key",
      description: "API key of the CRM the product syncs contacts to",
      consumers: ["fly"],
      rotationDays: 180,
    },
    {
      name: "photo-service-api-key",
      description: "API key of the photo upload and transformation service",
      consumers: ["fly", "vercel"],
      rotationDays: 180,
    },
    {
      name: "error-tracking-dsn",
      description: "Error-tracking DSN used by the frontend and the API",
      consumers: ["vercel", "fly"],
      rotationDays: 365,
    },
    {
      name: "error-tracking-auth-token",
      description: "Error-tracking auth token CI uses to upload source maps",
      consumers: ["github"],
      rotationDays: 90,
    },
  ],
  wireSecretConsumers: true,
  security: {
    apiRateLimit: { requestsPerPeriod: 100, periodSeconds: 60, action: "block", mitigationTimeoutSeconds: 60 },
    contentSecurityPolicy:
      "default-src 'self'; script-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    permissionsPolicy: "camera=(), microphone=(), geolocation=(), payment=()",
    hstsPreload: false,
  },
  alerts: { emails: ["oncall@example.com"], webhooks: [] },
} as const satisfies Omit<StageFileInput, "name" | "tier" | "order">;
