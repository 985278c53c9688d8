/**
 * What `infra drift` adds to a stage's report beyond the refresh: who changed each drifted resource (CloudTrail for
 * AWS, the account audit log for Cloudflare, a plain statement where a platform offers no trail) and, with
 * `--unmanaged`, what sits in the stage's namespaces that no stack declares. Lookups never fail the run: a lookup
 * that cannot be made is reported as such.
 */
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { StageConfig } from "../../environments";
import type { PlanJson } from "../plan/plan-json";
import { describeError } from "../errors";
import { cloudflareAuditEvents, cloudTrailEvents, NO_TRAIL, type AuditTrail } from "./audit-trail";
import type { DriftReport } from "./drift-report";
import { pullState, scanStage, type UnmanagedScan } from "./unmanaged/scan-stage";

/** The names CloudTrail or an audit log might know a drifted resource by: its ARN, name and id. */
function resourceNames(plan: PlanJson, address: string): string[] {
  const rc = (plan.resource_drift ?? []).find((r) => r.address === address);
  const values = (rc?.change.before ?? rc?.change.after ?? {}) as Record<string, unknown>;
  return ["arn", "name", "id"].map((k) => values[k]).filter((v): v is string => typeof v === "string" && v.length > 0);
}

export async function auditTrails(
  report: DriftReport,
  plan: PlanJson,
  stage: StageConfig,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, AuditTrail>> {
  const trails = new Map<string, AuditTrail>();
  const endpoint = env.AWS_ENDPOINT_URL_CLOUDTRAIL ?? env.AWS_ENDPOINT_URL;
  const cloudTrail = new CloudTrailClient({ region: stage.aws.region, ...(endpoint ? { endpoint } : {}) });
  for (const r of report.resources) {
    const provider = r.type.split("_")[0];
    const names = resourceNames(plan, r.address);
    try {
      if (provider === "aws") trails.set(r.address, await cloudTrailEvents(cloudTrail, names));
      else if (provider === "cloudflare" && env.CLOUDFLARE_API_TOKEN) {
        const Cloudflare = (require("cloudflare") as { default: typeof import("cloudflare").default }).default;
        const client = new Cloudflare({
          apiToken: env.CLOUDFLARE_API_TOKEN,
          maxRetries: 4,
          ...(env.CLOUDFLARE_BASE_URL ? { baseURL: env.CLOUDFLARE_BASE_URL } : {}),
        });
        trails.set(r.address, await cloudflareAuditEvents(client, stage.cloudflare.accountId, names.at(-1) ?? ""));
      } else if (provider === "cloudflare")
        trails.set(r.address, { source: "Cloudflare audit log not read: no CLOUDFLARE_API_TOKEN", events: [] });
      else
        trails.set(r.address, {
          source: Object.hasOwn(NO_TRAIL, provider)
            ? NO_TRAIL[provider]
            : `${provider} offers no audit trail this tool can read`,
          events: [],
        });
    } catch (error) {
      trails.set(r.address, { source: `the audit trail could not be read: ${describeError(error, {})}`, events: [] });
    }
  }
  return trails;
}

export async function unmanagedScan(
  stage: StageConfig,
  all: readonly StageConfig[],
  stackDir: string,
  env: NodeJS.ProcessEnv,
): Promise<UnmanagedScan> {
  return scanStage(stage, all, await pullState(stackDir, stage.name, env), env);
}
