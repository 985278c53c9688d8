/**
 * Risk notes that understand this platform: changes that weaken the edge, the secrets or the identities even
 * though Terraform calls them ordinary updates. One rule per concern; each reads before/after of a resource
 * change and returns notes in words. Values a rule compares may be sensitive; notes never print values that
 * Terraform marks sensitive (the rules only describe which attribute moved and, for non-secret settings, how).
 */
import { changeKind, type ResourceChange } from "./plan-json";
import { isApexOrApiName } from "./protected-resources";

export interface RiskNote {
  readonly rule: string;
  readonly address: string;
  readonly message: string;
}

type Obj = Record<string, any>;
type Rule = { id: string; types: readonly string[]; check: (before: Obj | null, after: Obj | null, rc: ResourceChange) => string[] };

const obj = (v: unknown): Obj | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v.filter((x) => obj(x)) as Obj[]) : []);
const ruleKey = (r: Obj, i: number) => String(r.ref ?? r.description ?? r.expression ?? i);

const rateLimitRaisedOrRemoved: Rule = {
  id: "rate-limit-weakened",
  types: ["cloudflare_ruleset"],
  check: (before, after) => {
    if (before?.phase !== "http_ratelimit") return [];
    const afterRules = new Map(list(after?.rules).map((r, i) => [ruleKey(r, i), r]));
    return list(before.rules).flatMap((b, i) => {
      const a = afterRules.get(ruleKey(b, i));
      const name = b.description ?? b.ref ?? `rule ${i}`;
      if (!after) return [`rate limiting ruleset is deleted: "${name}" no longer limits requests`];
      if (!a) return [`rate limit "${name}" is removed`];
      if (a.enabled === false && b.enabled !== false) return [`rate limit "${name}" is disabled`];
      const bl = obj(b.ratelimit) ?? {}, al = obj(a.ratelimit) ?? {};
      const bRate = Number(bl.requests_per_period) / Number(bl.period);
      const aRate = Number(al.requests_per_period) / Number(al.period);
      return aRate > bRate
        ? [`rate limit "${name}" raised from ${bl.requests_per_period} per ${bl.period}s to ${al.requests_per_period} per ${al.period}s`]
        : [];
    });
  },
};

const SECURITY_HEADERS = ["strict-transport-security", "content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy", "permissions-policy"];

function headerMap(ruleset: Obj | null): Map<string, Obj> {
  const headers = new Map<string, Obj>();
  for (const rule of list(ruleset?.rules)) {
    if (rule.enabled === false) continue;
    for (const [name, spec] of Object.entries(obj(obj(rule.action_parameters)?.headers) ?? {})) {
      headers.set(name.toLowerCase(), obj(spec) ?? {});
    }
  }
  return headers;
}

const securityHeaderWeakened: Rule = {
  id: "security-header-weakened",
  types: ["cloudflare_ruleset"],
  check: (before, after) => {
    if (before?.phase !== "http_response_headers_transform") return [];
    const b = headerMap(before), a = headerMap(after);
    const notes: string[] = [];
    for (const name of SECURITY_HEADERS) {
      const was = b.get(name), now = a.get(name);
      if (was?.operation !== "set") continue;
      if (!now || now.operation !== "set") { notes.push(`security header ${name} is no longer set`); continue; }
      if (name === "strict-transport-security") {
        const age = (v: unknown) => Number(/max-age=(\d+)/.exec(String(v))?.[1] ?? 0);
        if (age(now.value) < age(was.value)) notes.push(`HSTS max-age lowered from ${age(was.value)} to ${age(now.value)}`);
        if (/includeSubDomains/i.test(String(was.value)) && !/includeSubDomains/i.test(String(now.value))) notes.push("HSTS no longer covers subdomains");
      }
      if (name === "content-security-policy") {
        const loosened = ["'unsafe-inline'", "'unsafe-eval'", " *", "data:"].filter((t) => String(now.value).includes(t) && !String(was.value).includes(t));
        if (loosened.length) notes.push(`Content-Security-Policy now allows ${loosened.map((t) => t.trim()).join(", ")}`);
      }
    }
    return notes;
  },
};

const apiCachingTurnedOn: Rule = {
  id: "api-caching-enabled",
  types: ["cloudflare_ruleset"],
  check: (before, after) => {
    if ((after ?? before)?.phase !== "http_request_cache_settings") return [];
    const cachesApi = (r: Obj) => r.enabled !== false && obj(r.action_parameters)?.cache === true && /\/api/.test(String(r.expression));
    const was = list(before?.rules).some(cachesApi);
    return !was && list(after?.rules).some(cachesApi) ? ["caching is turned on for the API path (/api): responses may be served to the wrong user"] : [];
  },
};

const dnsTargetChanged: Rule = {
  id: "dns-target-changed",
  types: ["cloudflare_dns_record"],
  check: (before, after) => {
    if (!before || !isApexOrApiName(String(before.name ?? ""))) return [];
    if (!after) return [`DNS record ${before.name} (${before.type}) is removed`];
    return before.content !== after.content ? [`DNS target of ${before.name} changes from ${before.content} to ${after.content}`] : [];
  },
};

const TLS_ORDER = ["1.0", "1.1", "1.2", "1.3"];
const minTlsLowered: Rule = {
  id: "min-tls-lowered",
  types: ["cloudflare_zone_setting"],
  check: (before, after) => {
    if (before?.setting_id !== "min_tls_version" || !after) return [];
    return TLS_ORDER.indexOf(String(after.value)) < TLS_ORDER.indexOf(String(before.value))
      ? [`minimum TLS version lowered from ${before.value} to ${after.value}`]
      : [];
  },
};

const secretKmsKeyChanged: Rule = {
  id: "secret-kms-key-changed",
  types: ["aws_secretsmanager_secret"],
  check: (before, after, rc) =>
    before && after && changeKind(rc.change.actions) === "update" && (before.kms_key_id || "") !== (after.kms_key_id || "")
      ? [`the KMS key of secret ${before.name} changes; existing versions stay encrypted with the old key, so keep it until the secret is re-encrypted`]
      : [],
};

const githubEnvironmentLoosened: Rule = {
  id: "github-environment-protection-reduced",
  types: ["github_repository_environment"],
  check: (before, after) => {
    if (!before) return [];
    const env = before.environment;
    if (!after) return [`GitHub environment ${env} is deleted with its protection rules`];
    const reviewers = (v: Obj) => list(v.reviewers).reduce((n, r) => n + (r.users?.length ?? 0) + (r.teams?.length ?? 0), 0);
    const notes: string[] = [];
    if (reviewers(after) < reviewers(before)) notes.push(`GitHub environment ${env} loses required reviewers (${reviewers(before)} → ${reviewers(after)})`);
    const bp = list(before.deployment_branch_policy)[0], ap = list(after.deployment_branch_policy)[0];
    if (bp && !ap) notes.push(`GitHub environment ${env} loses its deployment branch policy: any branch could deploy`);
    else if (bp?.protected_branches && ap && !ap.protected_branches && !ap.custom_branch_policies) notes.push(`GitHub environment ${env} no longer limits deployments to protected branches`);
    if (before.prevent_self_review === true && after.prevent_self_review !== true) notes.push(`GitHub environment ${env} allows self-review again`);
    return notes;
  },
};

interface Grant { principal: string; conditions: string }

function trustGrants(policy: unknown): Grant[] | undefined {
  try {
    const doc = JSON.parse(String(policy));
    return [doc.Statement].flat().filter((s: Obj) => s?.Effect === "Allow").flatMap((s: Obj) => {
      const principals = s.Principal === "*" ? ["*"] : Object.entries(obj(s.Principal) ?? {}).flatMap(([k, v]) => [v].flat().map((p) => `${k}:${p}`));
      return principals.map((principal) => ({ principal, conditions: JSON.stringify(s.Condition ?? {}) }));
    });
  } catch {
    return undefined;
  }
}

/** Conditions as "operator|key" → allowed values. Keys are ANDed (dropping one widens), values ORed (adding one widens). */
function constraints(conditions: string): Map<string, Set<string>> {
  const c = JSON.parse(conditions) as Record<string, Record<string, string | string[]>>;
  const out = new Map<string, Set<string>>();
  for (const [op, tests] of Object.entries(c)) for (const [key, v] of Object.entries(tests)) out.set(`${op}|${key}`, new Set([v].flat()));
  return out;
}

/** How `after` admits more than `before`, in words; empty when it admits no more. */
function widening(before: Map<string, Set<string>>, after: Map<string, Set<string>>): string[] {
  const reasons: string[] = [];
  for (const constraint of before.keys()) {
    if (!after.has(constraint)) reasons.push(`condition ${constraint.replace("|", " ")} removed`);
  }
  for (const [constraint, values] of after) {
    const old = before.get(constraint);
    if (!old) continue;
    const added = [...values].filter((v) => !old.has(v));
    if (added.length) reasons.push(`now admits ${constraint.split("|")[1]} = ${added.join(", ")}`);
  }
  for (const [constraint, values] of after) {
    if (!before.has(constraint) && constraint.startsWith("StringLike|")) {
      const key = constraint.split("|")[1];
      if (before.has(`StringEquals|${key}`)) reasons.push(`now admits ${key} = ${[...values].join(", ")}`);
    }
  }
  return reasons;
}

const iamTrustWidened: Rule = {
  id: "iam-trust-widened",
  types: ["aws_iam_role"],
  check: (before, after) => {
    if (!before || !after || before.assume_role_policy === after.assume_role_policy) return [];
    const b = trustGrants(before.assume_role_policy), a = trustGrants(after.assume_role_policy);
    if (!b || !a) return [`the trust policy of role ${after.name} changes and could not be read: review it by hand`];
    const notes: string[] = [];
    for (const grant of a) {
      if (grant.principal === "*" || grant.principal === "AWS:*") { notes.push(`role ${after.name} can now be assumed by any principal`); continue; }
      const same = b.filter((g) => g.principal === grant.principal);
      if (same.length === 0) { notes.push(`role ${after.name} is now trusted by ${grant.principal}`); continue; }
      // Widened unless some earlier grant for this principal was at least as loose.
      const reasonsPerOld = same.map((old) => widening(constraints(old.conditions), constraints(grant.conditions)));
      if (reasonsPerOld.every((r) => r.length > 0)) {
        notes.push(`trust policy of role ${after.name} is widened for ${grant.principal}: ${reasonsPerOld[0]!.join("; ")}`);
      }
    }
    return notes;
  },
};

export const RISK_RULES: readonly Rule[] = [
  rateLimitRaisedOrRemoved,
  securityHeaderWeakened,
  apiCachingTurnedOn,
  dnsTargetChanged,
  minTlsLowered,
  secretKmsKeyChanged,
  githubEnvironmentLoosened,
  iamTrustWidened,
];

export function riskNotes(changes: Iterable<ResourceChange>): RiskNote[] {
  return [...changes].flatMap((rc) => {
    const kind = changeKind(rc.change.actions);
    if (rc.mode !== "managed" || kind === "no-op" || kind === "read") return [];
    const before = obj(rc.change.before);
    const after = kind === "delete" ? null : obj(rc.change.after);
    return RISK_RULES.filter((r) => r.types.includes(rc.type)).flatMap((r) =>
      r.check(before, after, rc).map((message) => ({ rule: r.id, address: rc.address, message })),
    );
  });
}
