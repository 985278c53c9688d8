/**
 * Rules that relate one field of a stage to another (domains under the zone, a rate-limit period the zone plan
 * allows, production reviewers, Fly sizing) and the credential scan. Each rule names the fields it reads; it runs
 * whenever those fields passed the schema, so one bad field elsewhere never hides a finding here.
 */
import { configLeaves, coversPath } from "./config-paths";
import { findCredentials } from "./credential-detector";
import { FLY_CPUS, FLY_MEMORY_PER_CPU_MB } from "./fly-regions";
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

const productionHasReviewers: CrossFieldRule = {
  reads: ["name", "github.reviewers"],
  check: (cfg) => {
    const count = cfg.github.reviewers.users.length + cfg.github.reviewers.teams.length;
    return cfg.name === "production" && count === 0
      ? [{
          path: ["github", "reviewers"],
          input: cfg.github.reviewers,
          message: "has no reviewer; production deployments need at least one required reviewer (a user or team id)",
        }]
      : [];
  },
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
      : [{
          path: ["security", "apiRateLimit", "periodSeconds"],
          input: security.apiRateLimit.periodSeconds,
          message: `is not allowed on the Cloudflare ${cloudflare.zonePlan} plan; use one of ${plan.rateLimitPeriodsSeconds.join(", ")} seconds or upgrade the zone plan`,
        }];
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
      else issues.push({ path: ["secrets", i, "name"], input: secret.name, message: `duplicates secrets.${first}.name; give every secret a unique name` });
      if (new Set(secret.consumers).size !== secret.consumers.length) {
        issues.push({ path: ["secrets", i, "consumers"], input: secret.consumers, message: "lists a consumer twice; list each once" });
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

/** Set by the platform in every fly.toml [env] (constructs/fly/fly-toml.ts); config may not override them. */
export const FLY_PLATFORM_ENV = ["AWS_REGION", "AWS_ROLE_ARN", "SECRETS_PREFIX", "STAGE"] as const;

const trustedIpsOutsideProduction: CrossFieldRule = {
  reads: ["name", "vercel.trustedIps"],
  check: ({ name, vercel }) =>
    name === "production" && vercel.trustedIps && vercel.trustedIps.length > 0
      ? [{ path: ["vercel", "trustedIps"], input: vercel.trustedIps, message: "restricts production to a few networks, which would take the site offline for users; use it on development or staging only" }]
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
      ? [{ path: ["fly", "extraRegions"], input: fly.extraRegions, message: `repeats the primary region ${fly.primaryRegion}; list only the additional regions` }]
      : [],
};

const flyCpusOffered: CrossFieldRule = {
  reads: ["fly.vm.cpuKind", "fly.vm.cpus"],
  check: ({ fly }) => {
    const choices: readonly number[] = FLY_CPUS[fly.vm.cpuKind];
    return choices.includes(fly.vm.cpus)
      ? []
      : [{ path: ["fly", "vm", "cpus"], input: fly.vm.cpus, message: `is not offered for ${fly.vm.cpuKind} CPUs; use one of ${choices.join(", ")}` }];
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
      : [{ path: ["fly", "vm", "memoryMb"], input: fly.vm.memoryMb, message: `is outside what ${fly.vm.cpus} ${fly.vm.cpuKind} CPU(s) allow; use ${min} to ${max} MB` }];
  },
};

const bluegreenHasHealthCheck: CrossFieldRule = {
  reads: ["fly.deploy", "fly.healthCheck"],
  check: ({ fly }) =>
    fly.deploy.strategy === "bluegreen" && !fly.healthCheck
      ? [{ path: ["fly", "healthCheck"], input: undefined, message: "but fly.deploy.strategy is bluegreen, which needs a health check to cut over; add fly.healthCheck" }]
      : [],
};

const productionKeepsMachinesRunning: CrossFieldRule = {
  reads: ["name", "fly.http.minMachinesRunning"],
  check: ({ name, fly }) =>
    name === "production" && fly.http.minMachinesRunning < 1
      ? [{ path: ["fly", "http", "minMachinesRunning"], input: fly.http.minMachinesRunning, message: "is 0 in production, so the API would scale to zero; set it to 1 or more" }]
      : [],
};

const concurrencyLimitsOrdered: CrossFieldRule = {
  reads: ["fly.http.concurrency"],
  check: ({ fly }) =>
    fly.http.concurrency.softLimit > fly.http.concurrency.hardLimit
      ? [{ path: ["fly", "http", "concurrency", "softLimit"], input: fly.http.concurrency.softLimit, message: `is above hardLimit ${fly.http.concurrency.hardLimit}; make it lower` }]
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
        message: "is not a path of this config; use a field or section as `infra parity` prints it, such as fly.vm or security.hstsPreload",
      }));
  },
};

export const CROSS_FIELD_RULES: readonly CrossFieldRule[] = [
  productionHasReviewers,
  domainsUnderZone,
  rateLimitAllowedByPlan,
  secretsUnique,
  plainEnvDoesNotShadowSecrets,
  flyEnvLeavesPlatformKeys,
  trustedIpsOutsideProduction,
  flyRegionsDistinct,
  flyCpusOffered,
  flyMemoryFitsCpus,
  bluegreenHasHealthCheck,
  productionKeepsMachinesRunning,
  concurrencyLimitsOrdered,
  purposeNamesConfigPaths,
];

/** Credential-shaped strings anywhere in the raw input; runs whatever else is wrong. The value is never shown. */
export function credentialIssues(input: unknown, stage: string): RuleIssue[] {
  return findCredentials(input).map((hit) => ({
    path: hit.path,
    withhold: true,
    message: `looks like ${hit.kind}; config holds secret names only: put the value in Secrets Manager with \`infra secrets set ${stage} <name>\` and list the name in the secrets catalogue`,
  }));
}
