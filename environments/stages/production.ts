/**
 * Production: reviewers required, protected branches only, two Fly regions with at least two machines always
 * running, bluegreen deploys behind the health check, HSTS preload.
 */
import { common, stageHosts } from "../common";
import type { StageFileInput } from "../types";

const hosts = stageHosts();

export default {
  ...common,
  name: "production",
  tier: "production",
  order: 30,
  github: {
    ...common.github,
    // Placeholder team id: replace with your release team's numeric id (`gh api orgs/<org>/teams/<slug> --jq .id`).
    reviewers: { users: [], teams: [1000001] },
    waitTimerMinutes: 5,
    deploymentBranches: "protected",
  },
  vercel: {
    ...common.vercel,
    ...hosts.vercel,
    projectName: "acme-web",
    apiRateLimit: { requestsPerWindow: 100, windowSeconds: 60, action: "deny" },
  },
  cloudflare: { ...common.cloudflare, ...hosts.cloudflare, ownsZone: true },
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
  secrets: [
    ...common.secrets,
    {
      name: "incident-webhook-url",
      description: "Incoming-webhook URL of the incident channel (the URL is the credential)",
      consumers: ["cloudflare"],
      rotationDays: 365,
    },
  ],
  alerts: { emails: ["oncall@example.com"], webhooks: [{ name: "incident-channel", secret: "incident-webhook-url" }] },
  differsOnPurpose: {
    "github.reviewers": "production deploys wait for the release team's approval",
    "github.waitTimerMinutes": "five minutes to cancel a production deploy after approval",
    "github.deploymentBranches": "only protected branches deploy to production",
    "vercel.apiRateLimit": "Vercel's firewall rate-limits /api/ for production traffic only",
    "fly.extraRegions": "a second region (ord) for latency and failover",
    "fly.machinesPerRegion": "two machines per region, so a deploy or a crash never empties a region",
    "fly.vm": "machines sized for production traffic",
    "fly.http.minMachinesRunning": "production never scales to zero",
    "fly.deploy": "bluegreen deploys behind the health check, migrations as the release command",
    "fly.env.LOG_LEVEL": "warn keeps production log volume and cost down",
    "security.hstsPreload": "only the production apex goes on the HSTS preload list",
    "alerts.webhooks": "production pages the incident channel",
    "secrets.incident-webhook-url": "the incident channel's webhook URL exists for production only",
  },
} as const satisfies StageFileInput;
