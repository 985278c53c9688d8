/** Development: smallest Fly machine, `dev.` hostnames, any branch may deploy. */
import { common } from "../common";
import type { StageFileInput } from "../types";

export default {
  ...common,
  name: "development",
  tier: "development",
  order: 10,
  vercel: {
    ...common.vercel,
    projectName: "acme-web-dev",
    domains: ["dev.example.com"],
    env: { NEXT_PUBLIC_API_URL: "https://api.dev.example.com" },
  },
  cloudflare: { ...common.cloudflare, apiHostname: "api.dev.example.com" },
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
