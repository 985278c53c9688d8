/**
 * Risk notes that understand this platform: changes that weaken the edge, the secrets or the identities even
 * though Terraform calls them ordinary updates. One rule per file (like policies/rules); each reads the masked
 * before/after of one managed resource change (types.ts) and returns notes in words. The README's "Risk notes"
 * table lists every id; a test keeps the two in step.
 */
import { maskValue, unionMarker } from "../attribute-diff";
import { changeKind, type ResourceChange } from "../plan-json";
import { apiCachingEnabled } from "./api-caching-enabled";
import { deploymentBranchPolicyAny } from "./deployment-branch-policy-any";
import { dnsTargetChanged } from "./dns-target-changed";
import { githubEnvironmentProtectionReduced } from "./github-environment-protection-reduced";
import { iamPolicyAdmin } from "./iam-policy-admin";
import { iamTrustWidened } from "./iam-trust-widened";
import { kmsKeyPolicyPublic } from "./kms-key-policy-public";
import { kmsRotationDisabled } from "./kms-rotation-disabled";
import { minTlsLowered } from "./min-tls-lowered";
import { rateLimitWeakened } from "./rate-limit-weakened";
import { secretKmsKeyChanged } from "./secret-kms-key-changed";
import { secretPolicyPublic } from "./secret-policy-public";
import { securityHeaderWeakened } from "./security-header-weakened";
import { obj, type RiskChange, type RiskNote, type RiskRule } from "./types";

export type { RiskNote, RiskRule } from "./types";

export const RISK_RULES: readonly RiskRule[] = [
  rateLimitWeakened,
  securityHeaderWeakened,
  apiCachingEnabled,
  dnsTargetChanged,
  minTlsLowered,
  secretKmsKeyChanged,
  secretPolicyPublic,
  kmsKeyPolicyPublic,
  kmsRotationDisabled,
  iamTrustWidened,
  iamPolicyAdmin,
  githubEnvironmentProtectionReduced,
  deploymentBranchPolicyAny,
];

const RULES_BY_TYPE = new Map<string, RiskRule[]>();
for (const rule of RISK_RULES)
  for (const type of rule.types) RULES_BY_TYPE.set(type, [...(RULES_BY_TYPE.get(type) ?? []), rule]);

export function riskNotes(changes: readonly ResourceChange[]): RiskNote[] {
  const notes: RiskNote[] = [];
  // Indexed loops (see tools/plan/render-json.ts: no iterator result per change).
  for (let i = 0; i < changes.length; i++) {
    const rc = changes[i];
    const rules = RULES_BY_TYPE.get(rc.type);
    if (!rules || rc.mode !== "managed") continue;
    const kind = changeKind(rc.change.actions);
    // A forgotten object keeps running unchanged: nothing about it gets weaker.
    if (kind === "no-op" || kind === "read" || (kind === "forget" && !rc.change.actions.includes("create"))) continue;
    const gone = kind === "delete" || kind === "forget";
    const sensitive = unionMarker(rc.change.before_sensitive, rc.change.after_sensitive);
    const rawBefore = kind === "create" ? null : obj(rc.change.before);
    const rawAfter = gone ? null : obj(rc.change.after);
    const change: RiskChange = {
      address: rc.address,
      type: rc.type,
      kind,
      before: rawBefore && obj(maskValue(rawBefore, sensitive)),
      after: rawAfter && obj(maskValue(rawAfter, sensitive)),
      raw: { before: rawBefore, after: rawAfter },
    };
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r];
      // A value shaped unlike anything the rule expects must not stop the review: it becomes a note to read by hand.
      let messages: string[];
      try {
        messages = rule.check(change);
      } catch {
        messages = [`this change could not be read by the ${rule.id} check: review it by hand`];
      }
      for (let m = 0; m < messages.length; m++)
        notes.push({ rule: rule.id, address: rc.address, message: messages[m] });
    }
  }
  return notes;
}
