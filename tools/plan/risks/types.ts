/**
 * What a risk rule sees and returns. A rule reads one managed resource change of the types it names and returns
 * notes in words. `before` and `after` are *masked*: every value Terraform marks sensitive on either side is the
 * string `(sensitive)`, so a note built from them cannot print a secret. `raw` holds the unmasked values for
 * comparisons only ("did the DNS target change?"); a rule must never put anything from `raw` into a message (the
 * scrubber in tools/plan/scrub.ts would still replace it, but the rule should not rely on that).
 */
import type { ChangeKind } from "../plan-json";

export type Attributes = Record<string, any>;

export interface RiskChange<A extends Attributes = Attributes> {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Masked values; null when the resource does not exist on that side (create: before; delete: after). */
  readonly before: A | null;
  readonly after: A | null;
  /** Unmasked values, for comparisons only. */
  readonly raw: { readonly before: A | null; readonly after: A | null };
}

export interface RiskRule<A extends Attributes = Attributes> {
  /** Stable id, listed in the README's risk table; used in JSON output and tests. */
  readonly id: string;
  readonly types: readonly string[];
  check(change: RiskChange<A>): string[];
}

export interface RiskNote {
  readonly rule: string;
  readonly address: string;
  readonly message: string;
}

export const obj = (v: unknown): Attributes | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v : null;
export const list = (v: unknown): Attributes[] => (Array.isArray(v) ? (v.filter((x) => obj(x)) as Attributes[]) : []);
