/**
 * INFRA-SEC4: a role trusted through OIDC (GitHub Actions, Fly.io) names its audience and a subject narrow enough
 * to be one repository's environment or one app: `aud` with StringEquals, `sub` with StringEquals or StringLike
 * where at least the first two `:`-separated parts are fixed, and for GitHub the repository is `owner/name` with
 * no wildcard. Without that, any workflow on GitHub or any Fly app can assume the role. A trust policy open to
 * every principal (`"*"`) is refused outright.
 */
import { COMPLIANT, NOT_APPLICABLE, noncompliant, shown, unknown, type GuardrailRule, type Verdict } from "../rule";

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const GITHUB_ISSUER = "token.actions.githubusercontent.com";
const WILDCARD = /[*?]/;

function conditionValues(
  statement: Statement,
  operators: readonly string[],
  suffix: string,
): { key: string; values: string[] }[] {
  return Object.entries(statement.Condition ?? {})
    .filter(([operator]) => operators.includes(operator))
    .flatMap(([, block]) => Object.entries(block))
    .filter(([key]) => key.endsWith(suffix))
    .map(([key, value]) => ({ key, values: Array.isArray(value) ? value : [value] }));
}

/** Why a `sub` value is too wide, or undefined when it is narrow enough. */
export function subjectTooWide(key: string, value: string): string | undefined {
  const parts = value.split(":");
  const fixed = parts.findIndex((p) => WILDCARD.test(p));
  if ((fixed === -1 ? parts.length : fixed) < 2) return `sub ${shown(value)} fixes fewer than two parts`;
  if (key.startsWith(GITHUB_ISSUER) && (parts[0] !== "repo" || !/^[^/*?]+\/[^/*?]+$/.test(parts[1] ?? ""))) {
    return `sub ${shown(value)} does not name one repository as repo:<owner>/<name>:...`;
  }
  return undefined;
}

function checkStatement(statement: Statement, index: number): Verdict {
  const where = `statement ${index + 1}`;
  const principal = statement.Principal;
  if (
    principal === "*" ||
    (typeof principal === "object" && principal !== null && Object.values(principal).includes("*"))
  ) {
    return noncompliant(`${where} trusts every principal ("*")`);
  }
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  if (!actions.includes("sts:AssumeRoleWithWebIdentity")) return COMPLIANT;
  const audiences = conditionValues(statement, ["StringEquals"], ":aud");
  if (audiences.length === 0)
    return noncompliant(`${where} does not require an audience (StringEquals on <issuer>:aud)`);
  const subjects = conditionValues(statement, ["StringEquals", "StringLike"], ":sub");
  if (subjects.length === 0)
    return noncompliant(`${where} does not restrict the subject (StringEquals or StringLike on <issuer>:sub)`);
  for (const { key, values } of subjects) {
    for (const value of values) {
      const wide = subjectTooWide(key, value);
      if (wide) return noncompliant(`${where}: ${wide}`);
    }
  }
  return COMPLIANT;
}

export const webIdentityTrustIsScoped: GuardrailRule = {
  id: "INFRA-SEC4",
  info: "The role's trust policy lets too many identities assume it.",
  explanation:
    "Trust one issuer with its audience and a narrow subject (webIdentityTrustPolicy in constructs/iam-policy.ts builds them): repo:<owner>/<name>:environment:<stage> for GitHub, <org>:<app>:* for Fly.io.",
  appliesTo: ["aws_iam_role"],
  check(resource) {
    const document = resource.config.assume_role_policy;
    if (typeof document !== "string") return unknown(`assume_role_policy is ${shown(document)}, not a policy document`);
    let statements: Statement[];
    try {
      const parsed = JSON.parse(document) as { Statement?: Statement | Statement[] };
      statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
    } catch {
      return unknown("assume_role_policy is not a JSON document (an expression the guardrail cannot read)");
    }
    const allowed = statements.filter((s) => s.Effect === "Allow");
    if (allowed.length === 0) return NOT_APPLICABLE;
    for (const [index, statement] of allowed.entries()) {
      const verdict = checkStatement(statement, index);
      if (verdict.result !== "compliant") return verdict;
    }
    return COMPLIANT;
  },
};
