/**
 * Who changed a drifted resource: for AWS resources the last CloudTrail management events that name it
 * (LookupEvents by ResourceName: principal, time, event, source IP), for Cloudflare resources the account's audit
 * log entries for its id. GitHub's audit log exists only for enterprise organizations and Vercel's only for
 * Enterprise teams, and neither names a resource by the ids Terraform knows, so for those the report says plainly
 * that there is no trail to read. Lookups are bounded (a few events, the last 90 days) and never fail the drift
 * run: a lookup that cannot be made is reported as such.
 */
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type Cloudflare from "cloudflare";

export interface ChangeEvent {
  /** ISO time. */
  readonly time: string;
  /** The principal: an IAM user or role session ARN, or a Cloudflare user's email. */
  readonly who: string;
  /** The API call or action, e.g. `UpdateSecret`, `rec_mod`. */
  readonly event: string;
  readonly sourceIp?: string;
}

export interface AuditTrail {
  /** Where the events came from, or why there are none. */
  readonly source: string;
  readonly events: readonly ChangeEvent[];
}

export const NO_TRAIL: Readonly<Record<string, string>> = {
  github:
    "GitHub keeps an audit log for enterprise organizations only, and it does not name resources by the ids Terraform holds: no trail read",
  vercel: "Vercel keeps an audit log for Enterprise teams only, with no API lookup by resource: no trail read",
};

const DAY_MS = 86_400_000;

/** The last CloudTrail events naming one of `names` (an ARN, a name or an id), newest first. */
export async function cloudTrailEvents(
  client: CloudTrailClient,
  names: readonly string[],
  max = 3,
  now = new Date(),
): Promise<AuditTrail> {
  const events: ChangeEvent[] = [];
  for (const name of names) {
    const page = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: name }],
        StartTime: new Date(now.getTime() - 90 * DAY_MS),
        EndTime: now,
        MaxResults: max,
      }),
    );
    for (const event of page.Events ?? []) {
      let detail: { userIdentity?: { arn?: string }; sourceIPAddress?: string } = {};
      try {
        detail = JSON.parse(event.CloudTrailEvent ?? "{}") as typeof detail;
      } catch {
        // A record CloudTrail could not serialize still has its name, time and user.
      }
      events.push({
        time: (event.EventTime ?? now).toISOString(),
        who: detail.userIdentity?.arn ?? event.Username ?? "unknown",
        event: event.EventName ?? "unknown",
        ...(detail.sourceIPAddress ? { sourceIp: detail.sourceIPAddress } : {}),
      });
    }
    if (events.length > 0) break;
  }
  events.sort((a, b) => b.time.localeCompare(a.time));
  return { source: "CloudTrail (LookupEvents, last 90 days)", events: events.slice(0, max) };
}

/** The last audit-log entries of a Cloudflare account for one resource id (the log has no filter by resource). */
export async function cloudflareAuditEvents(
  client: Cloudflare,
  accountId: string,
  resourceId: string,
  max = 3,
  now = new Date(),
): Promise<AuditTrail> {
  const events: ChangeEvent[] = [];
  let scanned = 0;
  for await (const log of client.auditLogs.list({
    account_id: accountId,
    since: new Date(now.getTime() - 90 * DAY_MS).toISOString(),
    direction: "desc",
    per_page: 100,
  })) {
    if (++scanned > 1000 || events.length >= max) break;
    if (log.resource?.id !== resourceId) continue;
    events.push({
      time: log.when ?? "",
      who: log.actor?.email ?? log.actor?.id ?? log.actor?.type ?? "unknown",
      event: log.action?.type ?? "unknown",
      ...(log.actor?.ip ? { sourceIp: log.actor.ip } : {}),
    });
  }
  return { source: "Cloudflare audit log (last 90 days, up to 1,000 entries)", events };
}
