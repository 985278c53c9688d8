/**
 * Production: reviewers required, protected branches only, two Fly regions with at least two machines always
 * running, bluegreen deploys behind the health check, HSTS preload.
 */
import { common } from "./common";
import type { StageConfigInput } from "./types";

export const production = {
  ...common,
  name: "production",
  github: {
    ...common.github,
    // Placeholder team id: replace with your release team's numeric id (`gh api orgs/<org>/teams/<slug> --jq .id`).
    reviewers: { users: [], teams: [1000001] },
    waitTimerMinutes: 5,
    deploymentBranches: "protected",
  },
  vercel: {
    ...common.vercel,
    projectName: "acme-web",
    domains: ["example.com", "www.example.com"],
    env: { NEXT_PUBLIC_API_URL: "https://api.example.com" },
    apiRateLimit: { requestsPerWindow: 100, windowSeconds: 60, action: "deny" },
  },
  cloudflare: { ...common.cloudflare, ownsZone: true },
  fly: {
    ...common.fly,
    app: "acme-api",
    extraRegions: ["ord"],
    machinesPerRegion: 2,
    vm: { cpuKind: "shared", cpus: 4, memoryMb: 1024 },
    http: { ...common.fly.http, minMachinesRunning: 2 },
    deploy: { strategy: "bluegreen", releaseCommand: "npm run db:migrate" },
    env: { ...common.fly.env, LOG_LEVEL: "warn" },
  },
  security: { ...common.security, hstsPreload: true },
  alerts: { emails: ["oncall@example.com"], webhooks: [{ name: "incident-channel", url: "https://hooks.example.com/alerts/acme" }] },
} as const satisfies StageConfigInput;
