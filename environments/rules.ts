/**
 * Rules that relate one field of a stage to another (domains under the zone, a rate-limit period the zone plan
 * allows, production reviewers, Fly sizing) and the credential scan. Each rule names the fields it reads; it runs
 * whenever those fields passed the schema, so one bad field elsewhere never hides a finding here.
 */
// The keys the platform sets in every fly.toml [env]: config may not set them (one list, owned by the renderer).
import { FLY_PLATFORM_ENV } from "../constructs/fly/fly-toml";
import { configLeaves, coversPath } from "./config-paths";
import { findCredentials } from "./credential-detector";
import { FLY_CPUS, FLY_MEMORY_PER_CPU_MB } from "./fly-regions";
import { TIER_POLICY } from "./tiers";
import { pinnedImageProblem, repositoryPathProblem } from "./value-checks";
import { secretEnvName, type StageConfig } from "./types";
import { ZONE_PLAN_LIMITS } from "./zone-plans";

export interface RuleIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  /** The offending value, shown in the error; omitted when the value must not be printed. */
  readonly input?: unknown;
  readonly withhold?: boolean;
}

export interface CrossFieldRule {
  /** Dotted paths the rule reads; it is skipped when the schema already rejected one of them. */
  readonly reads: readonly string[];
  readonly check: (cfg: StageConfig) => RuleIssue[];
}

function isUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

const tierRequiresReviewers: CrossFieldRule = {
  reads: ["tier", "github.reviewers"],
  check: (cfg) => {
    const count = cfg.github.reviewers.users.length + cfg.github.reviewers.teams.length;
    return TIER_POLICY[cfg.tier].requiresReviewers && count === 0
      ? [
          {
            path: ["github", "reviewers"],
            input: cfg.github.reviewers,
            message: `has no reviewer; a ${cfg.tier} stage's deployments need at least one required reviewer (a user or team id)`,
          },
        ]
      : [];
  },
};

const hstsPreloadAllowedByTier: CrossFieldRule = {
  reads: ["tier", "security.hstsPreload"],
  check: ({ tier, security }) =>
    security.hstsPreload && !TIER_POLICY[tier].hstsPreloadAllowed
      ? [
          {
            path: ["security", "hstsPreload"],
            input: true,
            message: `is not allowed on a ${tier} stage: the preload list is for the production apex; set it false`,
          },
        ]
      : [],
};

const previewSecretsAllowedByTier: CrossFieldRule = {
  reads: ["tier", "vercel.previewsGetSecrets"],
  check: ({ tier, vercel }) =>
    vercel.previewsGetSecrets === true && !TIER_POLICY[tier].previewsMayGetSecrets
      ? [
          {
            path: ["vercel", "previewsGetSecrets"],
            input: true,
            message: `would give every pushed branch's preview build this ${tier} stage's secret values; remove it (previews of a ${tier} stage get no secrets)`,
          },
        ]
      : [],
};

const pullRequestPlansByTier: CrossFieldRule = {
  reads: ["tier", "github.pullRequestPlans", "github.reviewers"],
  check: ({ tier, github }) => {
    const approval =
      github.pullRequestPlans === "approval" ||
      (github.pullRequestPlans === undefined && TIER_POLICY[tier].pullRequestPlansNeedApproval);
    if (github.pullRequestPlans === "open" && TIER_POLICY[tier].pullRequestPlansNeedApproval) {
      return [
        {
          path: ["github", "pullRequestPlans"],
          input: "open",
          message: `would let unreviewed pull-request code read this ${tier} stage's state and plan-time secrets; use approval or remove the field`,
        },
      ];
    }
    return approval && github.reviewers.users.length + github.reviewers.teams.length === 0
      ? [
          {
            path: ["github", "reviewers"],
            input: github.reviewers,
            message:
              "has no reviewer, but pull-request plans of this stage need approval; name at least one user or team id who may approve",
          },
        ]
      : [];
  },
};

const healthCheckAvailable: CrossFieldRule = {
  reads: ["tier", "cloudflare.zonePlan", "alerts"],
  check: ({ tier, cloudflare, alerts }) => {
    if (!TIER_POLICY[tier].healthCheck) return [];
    const issues: RuleIssue[] = [];
    if (!ZONE_PLAN_LIMITS[cloudflare.zonePlan].healthChecks) {
      issues.push({
        path: ["cloudflare", "zonePlan"],
        input: cloudflare.zonePlan,
        message: `has no health checks, which a ${tier} stage's API gets; use a pro, business or enterprise zone`,
      });
    }
    if (alerts.emails.length + alerts.webhooks.length === 0) {
      issues.push({
        path: ["alerts"],
        input: alerts,
        message: `has no email or webhook; a ${tier} stage's API health check must notify someone, so add at least one contact`,
      });
    }
    return issues;
  },
};

const webhooksNameCloudflareSecrets: CrossFieldRule = {
  reads: ["alerts.webhooks", "secrets"],
  check: ({ alerts, secrets }) =>
    alerts.webhooks.flatMap((hook, i) => {
      const secret = secrets.find((s) => s.name === hook.secret);
      if (!secret)
        return [
          {
            path: ["alerts", "webhooks", i, "secret"],
            input: hook.secret,
            message: `is not in the secrets catalogue; add a secret of that name with consumers ["cloudflare"] holding the webhook URL`,
          },
        ];
      return secret.consumers.includes("cloudflare")
        ? []
        : [
            {
              path: ["alerts", "webhooks", i, "secret"],
              input: hook.secret,
              message: `names a secret Cloudflare does not consume; add "cloudflare" to secrets.${hook.secret}.consumers`,
            },
          ];
    }),
};

const domainsUnderZone: CrossFieldRule = {
  reads: ["vercel.domains", "cloudflare.domain", "cloudflare.apiHostname"],
  check: ({ vercel, cloudflare }) => {
    const issues: RuleIssue[] = vercel.domains
      .map((domain, i) => ({ domain, i }))
      .filter(({ domain }) => !isUnder(domain, cloudflare.domain))
      .map(({ domain, i }) => ({
        path: ["vercel", "domains", i],
        input: domain,
        message: `is not under the Cloudflare zone ${cloudflare.domain}; use ${cloudflare.domain} or a subdomain of it`,
      }));
    if (!isUnder(cloudflare.apiHostname, cloudflare.domain) || cloudflare.apiHostname === cloudflare.domain) {
      issues.push({
        path: ["cloudflare", "apiHostname"],
        input: cloudflare.apiHostname,
        message: `is not a subdomain of the zone ${cloudflare.domain}; use something like api.${cloudflare.domain}`,
      });
    }
    return issues;
  },
};

const rateLimitAllowedByPlan: CrossFieldRule = {
  reads: ["cloudflare.zonePlan", "security.apiRateLimit.periodSeconds"],
  check: ({ cloudflare, security }) => {
    const plan = ZONE_PLAN_LIMITS[cloudflare.zonePlan];
    return plan.rateLimitPeriodsSeconds.includes(security.apiRateLimit.periodSeconds)
      ? []
      : [
          {
            path: ["security", "apiRateLimit", "periodSeconds"],
            input: security.apiRateLimit.periodSeconds,
            message: `is not allowed on the Cloudflare ${cloudflare.zonePlan} plan; use one of ${plan.rateLimitPeriodsSeconds.join(", ")} seconds or upgrade the zone plan`,
          },
        ];
  },
};

const secretsUnique: CrossFieldRule = {
  reads: ["secrets"],
  check: ({ secrets }) => {
    const issues: RuleIssue[] = [];
    const firstIndex = new Map<string, number>();
    secrets.forEach((secret, i) => {
      const first = firstIndex.get(secret.name);
      if (first === undefined) firstIndex.set(secret.name, i);
      else
        issues.push({
          path: ["secrets", i, "name"],
          input: secret.name,
          message: `duplicates secrets.${first}.name; give every secret a unique name`,
        });
      if (new Set(secret.consumers).size !== secret.consumers.length) {
        issues.push({
          path: ["secrets", i, "consumers"],
          input: secret.consumers,
          message: "lists a consumer twice; list each once",
        });
      }
    });
    return issues;
  },
};

const plainEnvDoesNotShadowSecrets: CrossFieldRule = {
  reads: ["secrets", "vercel.env", "fly.env"],
  check: (cfg) => {
    const secretNames = new Set(cfg.secrets.map(secretEnvName));
    return (["vercel", "fly"] as const).flatMap((section) =>
      Object.keys(cfg[section].env)
        .filter((key) => secretNames.has(key))
        .map((key) => ({
          path: [section, "env", key],
          withhold: true,
          message: "is the name of a catalogue secret; remove it here, the value comes from Secrets Manager",
        })),
    );
  },
};

const trustedIpsAllowedByTier: CrossFieldRule = {
  reads: ["tier", "vercel.trustedIps"],
  check: ({ tier, vercel }) =>
    !TIER_POLICY[tier].trustedIpsAllowed && vercel.trustedIps && vercel.trustedIps.length > 0
      ? [
          {
            path: ["vercel", "trustedIps"],
            input: vercel.trustedIps,
            message: `restricts a ${tier} stage to a few networks, which would take the site offline for users; use it on development or staging tiers only`,
          },
        ]
      : [],
};

const flyEnvLeavesPlatformKeys: CrossFieldRule = {
  reads: ["fly.env"],
  check: ({ fly }) =>
    Object.keys(fly.env)
      .filter((key) => (FLY_PLATFORM_ENV as readonly string[]).includes(key))
      .map((key) => ({
        path: ["fly", "env", key],
        input: fly.env[key],
        message: `is set by the platform (${FLY_PLATFORM_ENV.join(", ")}) from the stage's account, role and prefix; remove it`,
      })),
};

const flyRegionsDistinct: CrossFieldRule = {
  reads: ["fly.primaryRegion", "fly.extraRegions"],
  check: ({ fly }) =>
    fly.extraRegions.includes(fly.primaryRegion)
      ? [
          {
            path: ["fly", "extraRegions"],
            input: fly.extraRegions,
            message: `repeats the primary region ${fly.primaryRegion}; list only the additional regions`,
          },
        ]
      : [],
};

const flyCpusOffered: CrossFieldRule = {
  reads: ["fly.vm.cpuKind", "fly.vm.cpus"],
  check: ({ fly }) => {
    const choices: readonly number[] = FLY_CPUS[fly.vm.cpuKind];
    return choices.includes(fly.vm.cpus)
      ? []
      : [
          {
            path: ["fly", "vm", "cpus"],
            input: fly.vm.cpus,
            message: `is not offered for ${fly.vm.cpuKind} CPUs; use one of ${choices.join(", ")}`,
          },
        ];
  },
};

const flyMemoryFitsCpus: CrossFieldRule = {
  reads: ["fly.vm"],
  check: ({ fly }) => {
    if (!(FLY_CPUS[fly.vm.cpuKind] as readonly number[]).includes(fly.vm.cpus)) return [];
    const perCpu = FLY_MEMORY_PER_CPU_MB[fly.vm.cpuKind];
    const [min, max] = [perCpu.min * fly.vm.cpus, perCpu.max * fly.vm.cpus];
    return fly.vm.memoryMb >= min && fly.vm.memoryMb <= max
      ? []
      : [
          {
            path: ["fly", "vm", "memoryMb"],
            input: fly.vm.memoryMb,
            message: `is outside what ${fly.vm.cpus} ${fly.vm.cpuKind} CPU(s) allow; use ${min} to ${max} MB`,
          },
        ];
  },
};

const bluegreenHasHealthCheck: CrossFieldRule = {
  reads: ["fly.deploy", "fly.healthCheck"],
  check: ({ fly }) =>
    fly.deploy.strategy === "bluegreen" && !fly.healthCheck
      ? [
          {
            path: ["fly", "healthCheck"],
            input: undefined,
            message:
              "but fly.deploy.strategy is bluegreen, which needs a health check to cut over; add fly.healthCheck",
          },
        ]
      : [],
};

const tierKeepsMachinesRunning: CrossFieldRule = {
  reads: ["tier", "fly.http.minMachinesRunning"],
  check: ({ tier, fly }) => {
    const floor = TIER_POLICY[tier].minMachinesRunning;
    return fly.http.minMachinesRunning < floor
      ? [
          {
            path: ["fly", "http", "minMachinesRunning"],
            input: fly.http.minMachinesRunning,
            message: `is below ${floor}, the least a ${tier} stage keeps running (it would scale the API to zero); set it to ${floor} or more`,
          },
        ]
      : [];
  },
};

const flyBuildIsReproducible: CrossFieldRule = {
  reads: ["fly.build"],
  check: ({ fly }) => {
    const [key, value] = "image" in fly.build ? ["image", fly.build.image] : ["dockerfile", fly.build.dockerfile];
    const message = key === "image" ? pinnedImageProblem(value) : repositoryPathProblem(value);
    return message ? [{ path: ["fly", "build", key], input: value, message }] : [];
  },
};

const healthCheckTimesOut: CrossFieldRule = {
  reads: ["fly.healthCheck"],
  check: ({ fly }) =>
    fly.healthCheck && fly.healthCheck.timeoutSeconds >= fly.healthCheck.intervalSeconds
      ? [
          {
            path: ["fly", "healthCheck", "timeoutSeconds"],
            input: fly.healthCheck.timeoutSeconds,
            message: `is not shorter than intervalSeconds ${fly.healthCheck.intervalSeconds}, so checks would overlap; make it shorter`,
          },
        ]
      : [],
};

const concurrencyLimitsOrdered: CrossFieldRule = {
  reads: ["fly.http.concurrency"],
  check: ({ fly }) =>
    fly.http.concurrency.softLimit > fly.http.concurrency.hardLimit
      ? [
          {
            path: ["fly", "http", "concurrency", "softLimit"],
            input: fly.http.concurrency.softLimit,
            message: `is above hardLimit ${fly.http.concurrency.hardLimit}; make it lower`,
          },
        ]
      : [],
};

const purposeNamesConfigPaths: CrossFieldRule = {
  reads: ["differsOnPurpose"],
  check: (cfg) => {
    const { differsOnPurpose = {}, ...rest } = cfg;
    const paths = [...configLeaves(rest).keys()];
    return Object.keys(differsOnPurpose)
      .filter((declared) => !paths.some((path) => coversPath(declared, path)))
      .map((declared) => ({
        path: ["differsOnPurpose", declared],
        input: declared,
        message:
          "is not a path of this config; use a field or section as `infra parity` prints it, such as fly.vm or security.hstsPreload",
      }));
  },
};

export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  tierRequiresReviewers,
  hstsPreloadAllowedByTier,
  previewSecretsAllowedByTier,
  pullRequestPlansByTier,
  webhooksNameCloudflareSecrets,
  healthCheckAvailable,
  domainsUnderZone,
  rateLimitAllowedByPlan,
  secretsUnique,
  plainEnvDoesNotShadowSecrets,
  flyEnvLeavesPlatformKeys,
  trustedIpsAllowedByTier,
  flyRegionsDistinct,
  flyCpusOffered,
  flyMemoryFitsCpus,
  bluegreenHasHealthCheck,
  tierKeepsMachinesRunning,
  concurrencyLimitsOrdered,
  flyBuildIsReproducible,
  healthCheckTimesOut,
  purposeNamesConfigPaths,
];

/** Credential-shaped strings anywhere in the raw input; runs whatever else is wrong. The value is never shown. */
export function credentialIssues(input: unknown, stage: string): RuleIssue[] {
  return findCredentials(input).map((hit) => ({
    path: hit.path,
    withhold: true,
    message: `${hit.isKey ? "a key here " : ""}looks like ${hit.kind}; config holds secret names only: put the value in Secrets Manager with \`infra secrets set ${stage} <name>\` and list the name in the secrets catalogue`,
  }));
}
