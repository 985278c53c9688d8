/**
 * The guardrail pack, applied as a cdktf Aspect to every stack: at synthesis each resource is checked by the
 * rules that apply to its type, and every violation (and every value a rule cannot read) becomes an error
 * annotation on the resource's construct, which makes `cdktf synth` fail with all of them listed. A finding can be
 * suppressed on a construct with a reason of real length; a suppression that matches nothing is itself an error,
 * so stale ones do not pile up.
 */
import { Annotations, TerraformResource, TerraformStack, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import type { GuardrailRule, SynthesizedResource } from "./rule";
import { edgeTlsIsStrict } from "./rules/edge-tls-is-strict";
import { kmsKeysRotate } from "./rules/kms-keys-rotate";
import { s3BucketsAreProtected } from "./rules/s3-buckets-are-protected";
import { secretValuesComeFromSecretsManager } from "./rules/secret-values-come-from-secrets-manager";
import { secretsAreRecoverable } from "./rules/secrets-are-recoverable";
import { secretsDenyOtherReaders } from "./rules/secrets-deny-other-readers";
import { secretsUseCustomerManagedKey } from "./rules/secrets-use-customer-managed-key";
import { webIdentityTrustIsScoped } from "./rules/web-identity-trust-is-scoped";

export const GUARDRAILS: readonly GuardrailRule[] = [
  secretsUseCustomerManagedKey,
  kmsKeysRotate,
  secretValuesComeFromSecretsManager,
  webIdentityTrustIsScoped,
  secretsDenyOtherReaders,
  edgeTlsIsStrict,
  secretsAreRecoverable,
  s3BucketsAreProtected,
];

export interface GuardrailFinding {
  readonly ruleId: string;
  readonly address: string;
  readonly construct: IConstruct;
  readonly message: string;
}

interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
}

const SUPPRESSIONS = new WeakMap<IConstruct, Suppression[]>();
const MIN_REASON_LENGTH = 20;

/** Suppresses one rule on one resource construct (or every resource below a construct), with the reason why. */
export function suppressGuardrail(construct: IConstruct, ruleId: string, reason: string): void {
  if (!GUARDRAILS.some((r) => r.id === ruleId)) {
    throw new Error(
      `suppressGuardrail(${construct.node.path}): ${JSON.stringify(ruleId)} is not a guardrail; use one of ${GUARDRAILS.map((r) => r.id).join(", ")}`,
    );
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `suppressGuardrail(${construct.node.path}, ${ruleId}): the reason ${JSON.stringify(reason)} is too short; say in at least ${MIN_REASON_LENGTH} characters why this resource is an exception`,
    );
  }
  SUPPRESSIONS.set(construct, [...(SUPPRESSIONS.get(construct) ?? []), { ruleId, reason }]);
}

/**
 * The resources of a stack exactly as they will be written to cdk.tf.json, each with the construct it came from;
 * data sources too (type `data.<type>`, address `data.<type>.<name>`), so a rule can follow a reference to one.
 */
export function synthesizedResources(stack: TerraformStack): SynthesizedResource[] {
  const byPath = new Map(
    stack.node
      .findAll()
      .filter(TerraformResource.isTerraformResource)
      .map((c) => [c.node.path, c]),
  );
  type Blocks = Record<string, Record<string, Record<string, unknown>>>;
  const terraform = stack.toTerraform() as { resource?: Blocks; data?: Blocks };
  const entries = (blocks: Blocks | undefined, prefix: string) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, config]) => {
        const path = (config["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? "";
        return {
          type: `${prefix}${type}`,
          address: `${prefix}${type}.${name}`,
          config,
          construct: byPath.get(path) ?? stack,
        };
      }),
    );
  return [...entries(terraform.resource, ""), ...entries(terraform.data, "data.")];
}

/** The suppressions that cover a construct: its own and its ancestors'. */
function suppressionsOf(construct: IConstruct): { owner: IConstruct; suppression: Suppression }[] {
  return construct.node.scopes.flatMap((owner) =>
    (SUPPRESSIONS.get(owner) ?? []).map((suppression) => ({ owner, suppression })),
  );
}

/** Every unsuppressed finding of the pack on a stack, plus one per suppression that matched nothing. */
export function guardrailFindings(
  stack: TerraformStack,
  rules: readonly GuardrailRule[] = GUARDRAILS,
): GuardrailFinding[] {
  const resources = synthesizedResources(stack);
  const findings: GuardrailFinding[] = [];
  const used = new Set<Suppression>();
  for (const resource of resources) {
    for (const rule of rules.filter((r) => r.appliesTo.includes(resource.type))) {
      const verdict = rule.check(resource, resources);
      if (verdict.result === "compliant" || verdict.result === "not-applicable") continue;
      const match = suppressionsOf(resource.construct).find((s) => s.suppression.ruleId === rule.id);
      if (match) {
        used.add(match.suppression);
        continue;
      }
      const cannot = verdict.result === "unknown" ? "cannot be checked: " : "";
      findings.push({
        ruleId: rule.id,
        address: resource.address,
        construct: resource.construct,
        message: `[${rule.id}] ${resource.address}: ${rule.info} (${cannot}${verdict.reason}) ${rule.explanation}`,
      });
    }
  }
  for (const construct of stack.node.findAll()) {
    for (const suppression of SUPPRESSIONS.get(construct) ?? []) {
      if (used.has(suppression)) continue;
      findings.push({
        ruleId: suppression.ruleId,
        address: construct.node.path,
        construct,
        message: `[${suppression.ruleId}] the suppression on ${construct.node.path} matches no finding; remove it (reason given: ${JSON.stringify(suppression.reason)})`,
      });
    }
  }
  return findings;
}

/** Every guardrail finding of an app, as one error: what `cdktf synth` prints instead of a stack trace. */
export class GuardrailViolations extends Error {
  constructor(readonly findings: readonly { readonly message: string }[]) {
    super(
      `${findings.length} guardrail finding${findings.length === 1 ? "" : "s"}:\n${findings.map((f) => `  - ${f.message}`).join("\n")}`,
    );
    this.name = "GuardrailViolations";
  }
}

/** Checks every stack of an app before synthesis; throws GuardrailViolations listing every finding. */
export function checkGuardrails(app: IConstruct, rules: readonly GuardrailRule[] = GUARDRAILS): void {
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const findings = stacks.flatMap((stack) => guardrailFindings(stack, rules));
  if (findings.length > 0) throw new GuardrailViolations(findings);
}

/** The Aspect: checks each stack once per synthesis and turns findings into error annotations. */
export class Guardrails implements IAspect {
  private readonly checked = new WeakSet<TerraformStack>();

  constructor(private readonly rules: readonly GuardrailRule[] = GUARDRAILS) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.checked.has(node)) return;
    this.checked.add(node);
    for (const finding of guardrailFindings(node, this.rules))
      Annotations.of(finding.construct).addError(finding.message);
  }
}
