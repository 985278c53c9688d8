/**
 * What a stage's tier decides. A stage names its tier (`development`, `staging` or `production`); every protection
 * follows from this table (or from an explicit field whose default comes from it), never from the stage's name, so
 * a second production stage (`production-eu`) gets production's protections by saying `tier: "production"`.
 */
export const TIERS = ["development", "staging", "production"] as const;
export type Tier = (typeof TIERS)[number];

export interface TierPolicy {
  /** Deployments wait for at least one required reviewer (the stage must name one). */
  readonly requiresReviewers: boolean;
  /** Repository admins may bypass the deployment environment's protection rules. */
  readonly adminsMayBypass: boolean;
  /** Days a deleted secret stays restorable (Secrets Manager allows 7-30). */
  readonly secretRecoveryWindowDays: number;
  /** The apex may ask for HSTS preloading (`security.hstsPreload`); elsewhere asking is an error, never ignored. */
  readonly hstsPreloadAllowed: boolean;
  /** Fewest Fly machines that must keep running (`fly.http.minMachinesRunning` may not go below). */
  readonly minMachinesRunning: number;
  /** The API gets a Cloudflare health check that alerts the stage's contacts. */
  readonly healthCheck: boolean;
  /** Vercel deployments may be limited to trusted IPs (it would take a public site offline). */
  readonly trustedIpsAllowed: boolean;
  /** Vercel preview builds (any pushed branch) may receive this stage's secret values. */
  readonly previewsMayGetSecrets: boolean;
  /** Pull-request plans read this stage's state and plan-time secrets only after a maintainer approves. */
  readonly pullRequestPlansNeedApproval: boolean;
}

export const TIER_POLICY: Readonly<Record<Tier, TierPolicy>> = {
  development: {
    requiresReviewers: false,
    adminsMayBypass: true,
    secretRecoveryWindowDays: 7,
    hstsPreloadAllowed: false,
    minMachinesRunning: 0,
    healthCheck: false,
    trustedIpsAllowed: true,
    previewsMayGetSecrets: true,
    pullRequestPlansNeedApproval: false,
  },
  staging: {
    requiresReviewers: false,
    adminsMayBypass: true,
    secretRecoveryWindowDays: 7,
    hstsPreloadAllowed: false,
    minMachinesRunning: 0,
    healthCheck: true,
    trustedIpsAllowed: true,
    previewsMayGetSecrets: true,
    pullRequestPlansNeedApproval: false,
  },
  production: {
    requiresReviewers: true,
    adminsMayBypass: false,
    secretRecoveryWindowDays: 30,
    hstsPreloadAllowed: true,
    minMachinesRunning: 1,
    healthCheck: true,
    trustedIpsAllowed: false,
    previewsMayGetSecrets: false,
    pullRequestPlansNeedApproval: true,
  },
};

/** Config fields whose default comes from the tier, by dotted path, with that default. */
export function tierDefaults(tier: Tier): {
  readonly "github.pullRequestPlans": "open" | "approval";
  readonly "vercel.previewsGetSecrets": boolean;
} {
  const policy = TIER_POLICY[tier];
  return {
    "github.pullRequestPlans": policy.pullRequestPlansNeedApproval ? "approval" : "open",
    "vercel.previewsGetSecrets": policy.previewsMayGetSecrets,
  };
}
