/**
 * Evaluates the condition blocks of a synthesized trust policy against a token's claims, the way IAM does for
 * StringEquals / StringLike (with * and ? wildcards) and their ForAnyValue forms. Enough to prove that a trust
 * policy admits exactly the subjects it should.
 */
type Condition = Record<string, Record<string, string | string[]>>;

function like(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return re.test(value);
}

export function conditionsAllow(condition: Condition, claims: Record<string, string>): boolean {
  return Object.entries(condition).every(([operator, tests]) => {
    const op = operator.replace(/^ForAnyValue:/, "");
    return Object.entries(tests).every(([key, expected]) => {
      const actual = claims[key];
      if (actual === undefined) return false;
      const options = Array.isArray(expected) ? expected : [expected];
      if (op === "StringEquals") return options.includes(actual);
      if (op === "StringLike") return options.some((p) => like(p, actual));
      throw new Error(`condition operator ${operator} is not evaluated by this helper`);
    });
  });
}

/** Whether a trust policy (JSON string) lets a web-identity token with these claims assume the role. */
export function trustAllows(policy: string, claims: Record<string, string>): boolean {
  const doc = JSON.parse(policy) as {
    Statement: Array<{ Effect: string; Action: string | string[]; Condition?: Condition }>;
  };
  return doc.Statement.some(
    (s) =>
      s.Effect === "Allow" &&
      [s.Action].flat().includes("sts:AssumeRoleWithWebIdentity") &&
      conditionsAllow(s.Condition ?? {}, claims),
  );
}
