/**
 * `infra verify-plan <plan.json> --expect sha256:<hex> | --from-pr <number> --stage <stage>`: is this the plan its
 * reviewers saw? Exit 0 when its digest equals the reviewed one; 4 when it differs (naming the addresses and, where
 * no sensitive value is involved, the attributes that differ; never a value); 3 when it equals but would delete or
 * replace a protected resource and the review did not record the `allow-protected-destroy:<stage>` override;
 * 1 on bad input. The deploy workflow runs it between `terraform plan -out` and `terraform apply <that plan>`.
 */
import type { ReviewRecord } from "../github/review-record";
import { allowProtectedDestroyLabel } from "../github/review-record";
import { changeKind, type ResourceChange } from "./plan-json";
import { changeDigests, describeDifferences, planDigest } from "./plan-digest";
import { protectionReason } from "./protected-resources";

export const EXIT_PLAN_DIFFERS = 4;
export const EXIT_PROTECTED = 3;

export interface Reviewed {
  readonly digest: string;
  /** Where the digest came from, in words (`--expect`, or the review comment of pull request #12). */
  readonly source: string;
  readonly record?: ReviewRecord;
}

export interface Verdict {
  readonly exitCode: 0 | 3 | 4;
  readonly lines: readonly string[];
}

/** Protected resources the plan would delete or replace, with why they are protected. */
export function protectedDestroys(plan: Record<string, unknown>): string[] {
  const changes = (Array.isArray(plan.resource_changes) ? plan.resource_changes : []) as ResourceChange[];
  return changes.flatMap((rc) => {
    const kind = Array.isArray(rc?.change?.actions) ? changeKind(rc.change.actions) : "no-op";
    const reason = kind === "delete" || kind === "replace" ? protectionReason(rc) : undefined;
    return reason ? [`${kind} ${rc.address}: ${reason}`] : [];
  });
}

export function verifyPlan(
  plan: Record<string, unknown>,
  reviewed: Reviewed,
  stage: string,
  source = "plan JSON",
): Verdict {
  const digest = planDigest(plan, source);
  if (digest !== reviewed.digest) {
    const differences = reviewed.record?.changes
      ? describeDifferences(reviewed.record.changes, changeDigests(plan, source))
      : [];
    return {
      exitCode: EXIT_PLAN_DIFFERS,
      lines: [
        `The plan differs from the one reviewed (${reviewed.source}): nothing was applied.`,
        `  reviewed: ${reviewed.digest}`,
        `  this plan: ${digest}`,
        ...(differences.length > 0
          ? ["What differs:", ...differences.map((d) => `  - ${d}`)]
          : [
              reviewed.record
                ? "  (the review recorded too many changes to name them one by one)"
                : "  (only the digest was given, so the differences cannot be named)",
            ]),
        "Something changed since the review (a new commit, or a change made outside Terraform): plan again in a pull request and review that.",
      ],
    };
  }
  const destroys = protectedDestroys(plan);
  if (destroys.length > 0 && !reviewed.record?.allowProtectedDestroy) {
    return {
      exitCode: EXIT_PROTECTED,
      lines: [
        `The reviewed plan deletes or replaces protected resources of ${stage}, and the review did not allow it:`,
        ...destroys.map((d) => `  - ${d}`),
        `To allow it, add the label \`${allowProtectedDestroyLabel(stage)}\` to the pull request and let the plan run again; the review comment records it.`,
      ],
    };
  }
  return {
    exitCode: 0,
    lines: [
      `The plan is the one reviewed (${reviewed.source}): ${digest}${destroys.length > 0 ? `; protected destroys allowed by \`${allowProtectedDestroyLabel(stage)}\`` : ""}`,
    ],
  };
}
