/** Development: smallest Fly machine, `dev.` hostnames, any branch may deploy. */
import { common } from "./common";
import type { StageConfigInput } from "./types";

export const development = {
  ...common,
  name: "development",
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
} as const satisfies StageConfigInput;
