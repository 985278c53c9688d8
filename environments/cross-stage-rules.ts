/**
 * Rules across stages, reported like a stage's own issues (dotted paths, the value, the fix), each path starting
 * with the stage it is about: what two stages may never share (hostnames, Vercel projects, Fly apps, secret
 * prefixes, GitHub environments), exactly one owner of the zone-wide Cloudflare edge, and the zone plan's budget
 * for the rules every stage adds to the zone.
 */
import type { StageConfigIssue } from "./errors";
import { showValue } from "./errors";
import type { StageConfig } from "./types";
import { EDGE_CUSTOM_RULES_PER_ZONE, ZONE_PLAN_LIMITS } from "./zone-plans";

interface Claim {
  readonly path: string;
  readonly value: string;
}

/** What a stage claims for itself alone, by kind: the fix names the kind. */
const CLAIMS: ReadonlyArray<{ readonly what: string; readonly of: (s: StageConfig) => Claim[] }> = [
  {
    what: "hostname",
    of: (s) => [
      ...s.vercel.domains.map((value, i) => ({ path: `vercel.domains.${i}`, value })),
      { path: "cloudflare.apiHostname", value: s.cloudflare.apiHostname },
    ],
  },
  { what: "Vercel project", of: (s) => [{ path: "vercel.projectName", value: s.vercel.projectName }] },
  { what: "Fly app", of: (s) => [{ path: "fly.app", value: s.fly.app }] },
  // A stage's deployment environment is its name; its plan-approval environment is `<name>-plan`.
  {
    what: "GitHub environment",
    of: (s) => [
      { path: "name", value: s.name },
      ...(s.github.pullRequestPlans === "approval"
        ? [{ path: "github.pullRequestPlans", value: `${s.name}-plan` }]
        : []),
    ],
  },
  { what: "secret prefix", of: (s) => [{ path: "name", value: `${s.app}/${s.name}/` }] },
];

function uniqueClaims(stages: readonly StageConfig[]): StageConfigIssue[] {
  const issues: StageConfigIssue[] = [];
  for (const { what, of } of CLAIMS) {
    const owner = new Map<string, { stage: string; path: string }>();
    for (const stage of stages) {
      for (const claim of of(stage)) {
        const first = owner.get(claim.value);
        if (!first) owner.set(claim.value, { stage: stage.name, path: claim.path });
        else if (first.stage !== stage.name) {
          issues.push({
            path: `${stage.name}.${claim.path}`,
            message: `${showValue(claim.value)} is already ${first.stage}'s ${what} (${first.stage}.${first.path}); give each stage its own ${what}`,
          });
        }
      }
    }
  }
  return issues;
}

/** Exactly one stage owns the zone-wide edge (zone settings, CAA, one ruleset per phase for every stage). */
function oneZoneOwner(stages: readonly StageConfig[]): StageConfigIssue[] {
  const [first] = stages;
  if (!first) return [];
  const owners = stages.filter((s) => s.cloudflare.ownsZone);
  if (owners.length === 1) return [];
  if (owners.length === 0) {
    return [
      {
        path: "(every stage).cloudflare.ownsZone",
        message: `no stage owns the zone ${first.cloudflare.domain}; set ownsZone: true on exactly one stage (its stack holds the zone-wide rules)`,
      },
    ];
  }
  return owners.slice(1).map((s) => ({
    path: `${s.name}.cloudflare.ownsZone`,
    message: `true, but ${owners[0].name} already owns the zone ${first.cloudflare.domain} (Cloudflare allows one ruleset per phase per zone); set it false`,
  }));
}

/** The rules all stages add to the zone fit its plan: one rate-limit rule per distinct limit, the fixed custom rules. */
function zoneBudget(stages: readonly StageConfig[]): StageConfigIssue[] {
  const [first] = stages;
  if (!first) return [];
  const { zonePlan, domain } = first.cloudflare;
  const limits = ZONE_PLAN_LIMITS[zonePlan];
  const issues: StageConfigIssue[] = [];
  const rateLimitRules = new Set(stages.map((s) => JSON.stringify(s.security.apiRateLimit))).size;
  if (rateLimitRules > limits.maxRateLimitRules) {
    issues.push({
      path: "(every stage).security.apiRateLimit",
      message: `the stages need ${rateLimitRules} rate-limiting rules on ${domain} (one per distinct limit) but the Cloudflare ${zonePlan} plan allows ${limits.maxRateLimitRules}; give stages the same limit or upgrade the plan`,
    });
  }
  if (EDGE_CUSTOM_RULES_PER_ZONE > limits.maxCustomRules) {
    issues.push({
      path: "(platform).cloudflare.zonePlan",
      message: `the zone needs ${EDGE_CUSTOM_RULES_PER_ZONE} custom WAF rules but the Cloudflare ${zonePlan} plan allows ${limits.maxCustomRules}`,
    });
  }
  return issues;
}

export function crossStageIssues(stages: readonly StageConfig[]): StageConfigIssue[] {
  return [...uniqueClaims(stages), ...oneZoneOwner(stages), ...zoneBudget(stages)];
}
