/** Staging: production's shape at a smaller size; one region, may scale to zero; only `main` deploys. */
import { common, stageHosts } from "../common";
import type { StageFileInput } from "../types";

const hosts = stageHosts("staging");

export default {
  ...common,
  name: "staging",
  tier: "staging",
  order: 20,
  github: { ...common.github, deploymentBranches: "default" },
  vercel: { ...common.vercel, ...hosts.vercel, projectName: "acme-web-staging" },
  cloudflare: { ...common.cloudflare, ...hosts.cloudflare },
  fly: {
    ...common.fly,
    app: "acme-api-staging",
    vm: { cpuKind: "shared", cpus: 1, memoryMb: 512 },
  },
  differsOnPurpose: {
    "github.deploymentBranches": "only the default branch deploys to staging",
    "fly.vm.memoryMb": "512 MB runs production's workload at a smaller size",
  },
} as const satisfies StageFileInput;
