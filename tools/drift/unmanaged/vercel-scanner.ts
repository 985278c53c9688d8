/**
 * The Vercel part of `infra drift --unmanaged`: environment variables and domains of the stage's project that no
 * stack declares, through the official @vercel/sdk (ESM: loaded by the CLI, which runs under tsx on Node >= 20.19;
 * its backoff retries 429). Domains page with `until` = the previous page's `pagination.next`, as Vercel's API
 * does; the env list comes whole. Values are never read (no `decrypt`).
 * @see https://vercel.com/docs/rest-api/reference/endpoints/projects
 */
import type { Vercel } from "@vercel/sdk";
import type { UnmanagedFinding } from "./findings";

export interface VercelScope {
  readonly teamId: string;
  readonly project: string;
  /** Variable keys the stage's state and catalogue declare. */
  readonly declaredEnv: ReadonlySet<string>;
  readonly declaredDomains: ReadonlySet<string>;
}

export async function unmanagedVercel(vercel: Vercel, scope: VercelScope): Promise<UnmanagedFinding[]> {
  const where = `Vercel project ${scope.project}`;
  const found: UnmanagedFinding[] = [];
  const envs = await vercel.projects.filterProjectEnvs({ idOrName: scope.project, teamId: scope.teamId });
  const list = "envs" in envs ? envs.envs : [envs];
  for (const env of list as Array<{ key?: string; type?: string; target?: unknown }>) {
    if (!env.key || scope.declaredEnv.has(env.key)) continue;
    const secretLike = env.type === "encrypted" || env.type === "sensitive" || env.type === "secret";
    found.push({
      kind: "vercel-env",
      where,
      name: `${env.key} (${env.type ?? "?"}, ${[env.target].flat().filter(Boolean).join(" ") || "no target"})`,
      severity: secretLike ? "security" : "availability",
      why: secretLike
        ? "an encrypted variable no catalogue secret declares: a value builds receive that nobody rotates"
        : "a variable no stack declares: builds read it",
      remove: `vercel env rm ${env.key} --scope ${scope.teamId} (in a checkout linked to ${scope.project}), or delete it in the project's settings`,
      adopt: secretLike
        ? "declare it as a catalogue secret consumed by vercel"
        : "declare it in the stage's vercel.env",
    });
  }
  let until: number | undefined;
  for (;;) {
    const page = await vercel.projects.getProjectDomains({
      idOrName: scope.project,
      teamId: scope.teamId,
      limit: 50,
      ...(until ? { until } : {}),
    });
    for (const domain of page.domains) {
      if (scope.declaredDomains.has(domain.name)) continue;
      found.push({
        kind: "vercel-domain",
        where,
        name: domain.name,
        severity: "security",
        why: "a domain that serves the project but no stack declares (and no DNS record of ours may point at)",
        remove: `curl -X DELETE -H "Authorization: Bearer $VERCEL_API_TOKEN" "https://api.vercel.com/v9/projects/${scope.project}/domains/${domain.name}?teamId=${scope.teamId}"`,
        adopt: "add it to the stage's vercel.domains",
      });
    }
    const next = page.pagination?.next;
    if (!next || page.domains.length === 0) break;
    until = next;
  }
  return found;
}
