/**
 * What to do about a drift finding. Revert: deploy the stage, which puts the last applied configuration back.
 * Adopt: where the attribute maps to a stage config field, the field's path and the value that would keep the
 * change (never for a sensitive or unknown value); otherwise the declaring code or a `drift.ignore` entry.
 */
import { SENSITIVE, UNKNOWN } from "../plan/attribute-diff";
import type { DriftFinding } from "./drift-report";

interface Mapping {
  readonly type: string;
  readonly path: RegExp;
  /** The config path; `$1`… are filled from the attribute path's groups. */
  readonly config: string;
}

/** Attributes that are set straight from one stage config field (stacks/environment-stack.ts maps them). */
const MAPPINGS: readonly Mapping[] = [
  {
    type: "cloudflare_ruleset",
    path: /^rules\[\d+\]\.ratelimit\.requests_per_period$/,
    config: "security.apiRateLimit.requestsPerPeriod",
  },
  {
    type: "cloudflare_ruleset",
    path: /^rules\[\d+\]\.ratelimit\.period$/,
    config: "security.apiRateLimit.periodSeconds",
  },
  {
    type: "cloudflare_ruleset",
    path: /^rules\[\d+\]\.ratelimit\.mitigation_timeout$/,
    config: "security.apiRateLimit.mitigationTimeoutSeconds",
  },
  {
    type: "cloudflare_ruleset",
    path: /^rules\[\d+\]\.action_parameters\.headers\.Content-Security-Policy\.value$/i,
    config: "security.contentSecurityPolicy",
  },
  {
    type: "cloudflare_ruleset",
    path: /^rules\[\d+\]\.action_parameters\.headers\.Permissions-Policy\.value$/i,
    config: "security.permissionsPolicy",
  },
  { type: "cloudflare_dns_record", path: /^proxied$/, config: "cloudflare.proxied" },
  { type: "cloudflare_healthcheck", path: /^path$/, config: "fly.healthCheck.path" },
  { type: "cloudflare_healthcheck", path: /^interval$/, config: "fly.healthCheck.intervalSeconds" },
  { type: "cloudflare_healthcheck", path: /^timeout$/, config: "fly.healthCheck.timeoutSeconds" },
  { type: "vercel_project", path: /^root_directory$/, config: "vercel.rootDirectory" },
  { type: "vercel_project", path: /^framework$/, config: "vercel.framework" },
  { type: "vercel_project", path: /^node_version$/, config: "vercel.nodeVersion" },
  { type: "github_repository_environment", path: /^wait_timer$/, config: "github.waitTimerMinutes" },
  { type: "github_repository_environment", path: /^reviewers/, config: "github.reviewers" },
];

export function configPathFor(type: string, attributePath: string): string | undefined {
  return MAPPINGS.find((m) => m.type === type && m.path.test(attributePath))?.config;
}

export interface NextSteps {
  /** How to revert, in words (JSON output and the plain-text report). */
  readonly revert: string;
  /** How to adopt, in words, the value inline. */
  readonly adopt: string;
  /** Where the attribute maps to a stage config field: the field, the value that keeps the change, the file. */
  readonly setting?: {
    readonly field: string;
    /** The value as JSON; absent when it must not be shown (sensitive or unknown). */
    readonly value?: string;
    readonly file: string;
  };
}

const printable = (v: unknown) =>
  v !== SENSITIVE && v !== UNKNOWN && v !== undefined && !(typeof v === "string" && v.includes(SENSITIVE));

export function nextSteps(stage: string, type: string, address: string, finding?: DriftFinding): NextSteps {
  const revert = `revert: \`cdktf deploy ${stage}\` puts the last applied configuration back`;
  const field = finding ? configPathFor(type, finding.path) : undefined;
  if (field && finding) {
    const file = `environments/stages/${stage}.ts`;
    const value = printable(finding.after) ? JSON.stringify(finding.after) : undefined;
    const shown =
      value === undefined ? " (the value is sensitive: set it in Secrets Manager, never in config)" : ` = ${value}`;
    return {
      revert,
      adopt: `adopt: set \`${field}\`${shown} in ${file}`,
      setting: { field, ...(value === undefined ? {} : { value }), file },
    };
  }
  return {
    revert,
    adopt: `adopt: change the code that declares \`${address}\` to match, or add a \`drift.ignore\` entry with a reason if it is expected`,
  };
}
