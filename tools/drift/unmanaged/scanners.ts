/**
 * One scanner per platform for things nobody declared, each through the platform's own client, paging through
 * every result and retrying on 429/throttling (AWS SDK standard retries, @octokit/plugin-retry, the cloudflare
 * SDK's and @vercel/sdk's backoff). Each looks only inside the stage's own namespace, never the whole account:
 * `<app>/<stage>/` in Secrets Manager, the stage's GitHub environment, the stage's hostnames and their subdomains
 * (the whole zone for the stage that owns it), the stage's Vercel project, `<app>-*` IAM roles (bootstrap).
 * Read-only tokens suffice for all of them. Nothing here reads a value: names, types and targets only.
 */
import { IAMClient, paginateListRoles } from "@aws-sdk/client-iam";
import { paginateListSecrets, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Octokit } from "@octokit/rest";
import type Cloudflare from "cloudflare";
import type { UnmanagedFinding } from "./findings";

/** Secrets under `<app>/<stage>/` that the stage's state does not hold. */
export async function unmanagedSecrets(
  sm: SecretsManagerClient,
  prefix: string,
  declared: ReadonlySet<string>,
  stage: string,
): Promise<UnmanagedFinding[]> {
  const found: UnmanagedFinding[] = [];
  for await (const page of paginateListSecrets(
    { client: sm },
    { Filters: [{ Key: "name", Values: [prefix] }], MaxResults: 100 },
  )) {
    for (const secret of page.SecretList ?? []) {
      // The name filter is a prefix match on words; keep exactly this stage's prefix.
      if (!secret.Name?.startsWith(prefix) || declared.has(secret.Name)) continue;
      found.push({
        kind: "secret",
        where: "Secrets Manager",
        name: secret.Name,
        severity: "security",
        why: "a secret under the stage's prefix that no catalogue entry declares: nobody knows who reads it",
        remove: `aws secretsmanager delete-secret --secret-id '${secret.Name}' --recovery-window-in-days 30`,
        adopt: `add { name: "${secret.Name.slice(prefix.length)}", ... } to the ${stage} secrets catalogue, run npx cdktf synth, then terraform -chdir=cdktf.out/stacks/${stage} import <address of the secret> '${secret.ARN}'`,
      });
    }
  }
  return found;
}

/** IAM roles named `<app>-*` that the bootstrap state does not hold. */
export async function unmanagedRoles(
  iam: IAMClient,
  app: string,
  declared: ReadonlySet<string>,
): Promise<UnmanagedFinding[]> {
  const found: UnmanagedFinding[] = [];
  for await (const page of paginateListRoles({ client: iam }, { MaxItems: 100 })) {
    for (const role of page.Roles ?? []) {
      if (!role.RoleName?.startsWith(`${app}-`) || declared.has(role.RoleName)) continue;
      found.push({
        kind: "iam-role",
        where: "IAM",
        name: role.RoleName,
        severity: "security",
        why: `a role named like the app's own (${app}-*) that bootstrap does not declare: check its trust policy before anything else`,
        remove: `aws iam list-attached-role-policies --role-name '${role.RoleName}' (detach each), aws iam delete-role --role-name '${role.RoleName}'`,
      });
    }
  }
  return found;
}

/** Environment secrets and variables of the stage's GitHub environment that neither the catalogue nor the state declares. */
export async function unmanagedGitHub(
  octokit: Octokit,
  where: { owner: string; repo: string; environment: string },
  declared: { secrets: ReadonlySet<string>; variables: ReadonlySet<string> },
): Promise<UnmanagedFinding[]> {
  const params = { owner: where.owner, repo: where.repo, environment_name: where.environment, per_page: 30 };
  const secrets = await octokit.paginate(octokit.rest.actions.listEnvironmentSecrets, params);
  const variables = await octokit.paginate(octokit.rest.actions.listEnvironmentVariables, params);
  const place = `GitHub environment ${where.environment}`;
  const repo = `${where.owner}/${where.repo}`;
  const undeclared = (names: ReadonlyArray<{ name: string }>, known: ReadonlySet<string>) =>
    names.map((n) => n.name).filter((name) => !known.has(name));
  const found = (kind: UnmanagedFinding["kind"], severity: UnmanagedFinding["severity"], why: string) =>
    ({ kind, where: place, severity, why }) as const;
  return [
    ...undeclared(secrets, declared.secrets).map((name): UnmanagedFinding => ({
      ...found(
        "github-secret",
        "security",
        "an environment secret the catalogue does not list: it reaches every deploy job of the environment",
      ),
      name,
      remove: `gh secret delete ${name} --env ${where.environment} --repo ${repo}`,
      adopt: `add a catalogue secret with envName ${name} and consumers ["github"], set its value with infra secrets set, then infra secrets sync-github`,
    })),
    ...undeclared(variables, declared.variables).map((name): UnmanagedFinding => ({
      ...found("github-variable", "availability", "an environment variable no stack declares: deploy jobs read it"),
      name,
      remove: `gh variable delete ${name} --env ${where.environment} --repo ${repo}`,
    })),
  ];
}

export interface DnsScope {
  readonly zoneId: string;
  readonly domain: string;
  /** The stage owns the zone: every record counts, not only its hostnames and their subdomains. */
  readonly wholeZone: boolean;
  /** The stage's own hostnames (for a stage that does not own the zone). */
  readonly hosts: readonly string[];
  /** `name TYPE` of every record declared: in the stage's state, and other stages' hostnames (by config). */
  readonly declared: ReadonlyArray<{ readonly name: string; readonly type?: string }>;
  /** Where the platform's records point: anything else is "pointing elsewhere". */
  readonly knownTargets: readonly string[];
}

/** DNS records in the stage's part of the zone that no stack declares. */
export async function unmanagedDns(cloudflare: Cloudflare, scope: DnsScope): Promise<UnmanagedFinding[]> {
  const inScope = (name: string) => scope.wholeZone || scope.hosts.some((h) => name === h || name.endsWith(`.${h}`));
  const isDeclared = (name: string, type: string) =>
    scope.declared.some((d) => d.name === name && (!d.type || d.type === type));
  const found: UnmanagedFinding[] = [];
  for await (const record of cloudflare.dns.records.list({ zone_id: scope.zoneId, per_page: 100 })) {
    const name = record.name ?? "";
    const type = record.type ?? "";
    if (!inScope(name) || isDeclared(name, type)) continue;
    const content = "content" in record && typeof record.content === "string" ? record.content : "";
    const elsewhere =
      ["A", "AAAA", "CNAME"].includes(type) &&
      !scope.knownTargets.some((t) => content === t || content.endsWith(`.${scope.domain}`));
    found.push({
      kind: "dns-record",
      where: `Cloudflare zone ${scope.domain}`,
      name: `${name} ${type}${content && ["A", "AAAA", "CNAME"].includes(type) ? ` ${content}` : ""}`,
      severity: elsewhere ? "security" : "availability",
      why: elsewhere
        ? "a record in the platform's names that points outside the platform (a takeover or a leftover)"
        : "a record in the platform's names that no stack declares",
      remove: `curl -X DELETE -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" https://api.cloudflare.com/client/v4/zones/${scope.zoneId}/dns_records/${record.id}`,
      adopt: `declare it, run npx cdktf synth, then terraform import <address of the record> '${scope.zoneId}/${record.id}'`,
    });
  }
  return found;
}
