/** Reading IAM-style policy documents (IAM, KMS key policies, Secrets Manager resource policies) for risk rules. */
import { obj, type Attributes } from "./types";

export interface Statement {
  readonly effect: string;
  readonly principals: string[];
  readonly actions: string[];
  readonly resources: string[];
  readonly conditionKeys: string[];
  readonly raw: Attributes;
}

const strings = (v: unknown): string[] => [v].flat().filter((x): x is string => typeof x === "string");

/** The statements of a policy given as a JSON string (as Terraform holds it); undefined when it cannot be read. */
export function statements(policy: unknown): Statement[] | undefined {
  if (typeof policy !== "string" || policy === "" || policy === "(sensitive)") return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return undefined;
  }
  return [obj(doc)?.Statement].flat().flatMap((s) => {
    const st = obj(s);
    if (!st) return [];
    const principal = st.Principal;
    const principals =
      principal === "*"
        ? ["*"]
        : Object.entries(obj(principal) ?? {}).flatMap(([k, v]) =>
            strings(v).map((p) => (p === "*" ? "*" : `${k}:${p}`)),
          );
    const conditionKeys = Object.values(obj(st.Condition) ?? {}).flatMap((tests) =>
      Object.keys(obj(tests) ?? {}).map((k) => k.toLowerCase()),
    );
    return [
      {
        effect: String(st.Effect),
        principals,
        actions: strings(st.Action),
        resources: strings(st.Resource),
        conditionKeys,
        raw: st,
      },
    ];
  });
}

/** Condition keys that pin a `*` principal to an account, organization, principal or source: not public. */
const SCOPING_KEYS = [
  "aws:principalaccount",
  "aws:principalorgid",
  "aws:principalarn",
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "kms:calleraccount",
  "aws:principalorgpaths",
];

/** An Allow statement that any AWS principal may use (Principal `*` with no scoping condition). */
export function isPublicGrant(s: Statement): boolean {
  return s.effect === "Allow" && s.principals.includes("*") && !s.conditionKeys.some((k) => SCOPING_KEYS.includes(k));
}
