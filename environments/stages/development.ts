/** Development: smallest Fly machine, `dev.` hostnames, any branch may deploy. */
import { common, stageHosts } from "../common";
import type { StageFileInput } from "../types";

const hosts = stageHosts("dev");

export default {
  ...common,
  name: "development",
  tier: "development",
  order: 10,
  vercel: { ...common.vercel, ...hosts.vercel, projectName: "acme-web-dev" },
  cloudflare: { ...common.cloudflare, ...hosts.cloudflare },
  fly: {
    ...common.fly,
    app: "acme-api-dev",
    deploy: { strategy: "immediate" },
    env: { ...common.fly.env, LOG_LEVEL: "debug" },
  },
  security: { ...common.security, apiRateLimit: { ...common.security.apiRateLimit, requestsPerPeriod: 300 } },
  differsOnPurpose: {
    "fly.deploy.strategy": "immediate deploys keep the development loop fast",
    "fly.env.LOG_LEVEL": "debug logging while developing",
    "security.apiRateLimit.requestsPerPeriod": "room for load tests and local tooling against development",
  },
} as const satisfies StageFileInput;
