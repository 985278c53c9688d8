/**
 * What a guardrail rule is (cdk-nag style): a pure function over one synthesized resource, with the other
 * resources of its stack for cross-resource checks, returning compliant, non-compliant, not applicable, or unknown.
 * Unknown (a value the rule cannot read, such as an expression it does not recognize) is reported like a
 * violation: a guardrail that cannot check something must not pass it silently.
 */
import type { IConstruct } from "constructs";

/** A resource as it will be written to cdk.tf.json: its type, Terraform address and resolved arguments. */
export interface SynthesizedResource {
  readonly type: string;
  /** `<type>.<name>`, as Terraform and plans name it. */
  readonly address: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** The resource's construct; the stack for a resource added by a stack-level override (an escape hatch). */
  readonly construct: IConstruct;
}

export type Verdict =
  | { readonly result: "compliant" }
  | { readonly result: "not-applicable" }
  | { readonly result: "noncompliant"; readonly reason: string }
  | { readonly result: "unknown"; readonly reason: string };

export interface GuardrailRule {
  /** Stable id used in messages and suppressions, e.g. `INFRA-SEC1`. */
  readonly id: string;
  /** What is wrong, in one line. */
  readonly info: string;
  /** Why it matters and what to do. */
  readonly explanation: string;
  /** Resource types the rule reads. */
  readonly appliesTo: readonly string[];
  check(resource: SynthesizedResource, stack: readonly SynthesizedResource[]): Verdict;
}

export const COMPLIANT: Verdict = { result: "compliant" };
export const NOT_APPLICABLE: Verdict = { result: "not-applicable" };
export const noncompliant = (reason: string): Verdict => ({ result: "noncompliant", reason });
export const unknown = (reason: string): Verdict => ({ result: "unknown", reason });

/** The expression inside a whole-value Terraform reference (`${aws_kms_key.k.arn}` -> `aws_kms_key.k.arn`). */
export function referenceOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return /^\$\{([A-Za-z0-9_.\-[\]"]+)\}$/.exec(value)?.[1];
}

/** True for a value written in the configuration itself: not absent, and no Terraform expression inside. */
export function isLiteral(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return !JSON.stringify(value).includes("${");
}

/** Shows a configured value in a message: JSON, cut at 80 characters. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
