/**
 * iam-trust-widened: A role's trust policy admits a new principal, any principal, or more OIDC subjects/audiences
 * than before.
 */
import { obj, type Attributes, type RiskRule } from "./types";

interface Grant {
  principal: string;
  /** Its conditions (see `constraints`), read once per statement. */
  conditions: Map<string, Set<string>>;
}

/** A value or a list of values, as a list (`[v].flat()`, without the arrays). */
const each = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/**
 * The grants of a trust policy: one per allowed principal, with its statement's conditions; undefined when the policy
 * is not JSON. Plain loops: this runs for every role whose trust policy changes (1,250 on the benchmark plan), mostly
 * before V8 optimizes it.
 */
function trustGrants(policy: unknown): Grant[] | undefined {
  // Anything unreadable, down to a value whose `toString` is not a function, makes the policy unreadable.
  try {
    const doc: unknown = JSON.parse(String(policy));
    if (doc === null || doc === undefined) return undefined;
    const grants: Grant[] = [];
    const statements = each((doc as Attributes).Statement);
    for (let i = 0; i < statements.length; i++) {
      const s = obj(statements[i]);
      if (s?.Effect !== "Allow") continue;
      const conditions = constraints(s.Condition);
      if (s.Principal === "*") {
        grants.push({ principal: "*", conditions });
        continue;
      }
      const principals = obj(s.Principal) ?? {};
      for (const kind in principals) {
        const values = each(principals[kind]);
        for (let k = 0; k < values.length; k++) grants.push({ principal: `${kind}:${String(values[k])}`, conditions });
      }
    }
    return grants;
  } catch {
    return undefined;
  }
}

/** Conditions as "operator|key" → allowed values. Keys are ANDed (dropping one widens), values ORed (adding one widens). */
function constraints(conditions: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const operators = obj(conditions) ?? {};
  for (const op in operators) {
    const tests = obj(operators[op]) ?? {};
    for (const key in tests) out.set(`${op}|${key}`, new Set(each(tests[key]).map(String)));
  }
  return out;
}

/** How `after` admits more than `before`, in words; empty when it admits no more. */
function widening(before: Map<string, Set<string>>, after: Map<string, Set<string>>): string[] {
  const reasons: string[] = [];
  for (const constraint of before.keys())
    if (!after.has(constraint)) reasons.push(`condition ${constraint.replace("|", " ")} removed`);
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

export const iamTrustWidened: RiskRule = {
  id: "iam-trust-widened",
  types: ["aws_iam_role"],
  check: ({ before, after }) => {
    if (!before || !after || before.assume_role_policy === after.assume_role_policy) return [];
    const b = trustGrants(before.assume_role_policy),
      a = trustGrants(after.assume_role_policy);
    if (!b || !a) return [`the trust policy of role ${after.name} changes and could not be read: review it by hand`];
    const notes: string[] = [];
    for (const grant of a) {
      if (grant.principal === "*" || grant.principal === "AWS:*") {
        notes.push(`role ${after.name} can now be assumed by any principal`);
        continue;
      }
      const same = b.filter((g) => g.principal === grant.principal);
      if (same.length === 0) {
        notes.push(`role ${after.name} is now trusted by ${grant.principal}`);
        continue;
      }
      const reasonsPerOld = same.map((old) => widening(old.conditions, grant.conditions));
      if (reasonsPerOld.every((r) => r.length > 0))
        notes.push(
          `trust policy of role ${after.name} is widened for ${grant.principal}: ${reasonsPerOld[0].join("; ")}`,
        );
    }
    return notes;
  },
};
