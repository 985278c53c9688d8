/**
 * iam-policy-admin: An IAM policy allows every action on every resource (`*` on `*`), or AdministratorAccess is
 * attached.
 */
import { statements } from "./policy-document";
import { list, type Attributes, type RiskRule } from "./types";

const ADMIN_ARN = /:policy\/AdministratorAccess$/;
const isStar = (v: string) => v === "*" || v === "*:*";

function adminStatements(policy: unknown): number {
  return (statements(policy) ?? []).filter(
    (s) => s.effect === "Allow" && s.actions.some(isStar) && s.resources.some((r) => r === "*"),
  ).length;
}

/** Every policy document a resource of these types carries. */
function policies(v: Attributes | null): unknown[] {
  if (!v) return [];
  return [v.policy, ...list(v.inline_policy).map((p) => p.policy)];
}

export const iamPolicyAdmin: RiskRule = {
  id: "iam-policy-admin",
  types: [
    "aws_iam_policy",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role",
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
  ],
  check: ({ before, after, address }) => {
    if (!after) return [];
    const notes: string[] = [];
    const now = policies(after).reduce<number>((n, p) => n + adminStatements(p), 0);
    const was = policies(before).reduce<number>((n, p) => n + adminStatements(p), 0);
    if (now > was) notes.push(`${address} allows every action on every resource (Action "*" on Resource "*")`);
    const attached = (v: Attributes | null) =>
      [v?.policy_arn, v?.managed_policy_arns].flat().some((a) => ADMIN_ARN.test(String(a ?? "")));
    if (attached(after) && !attached(before)) notes.push(`${address} attaches AdministratorAccess`);
    return notes;
  },
};
