/**
 * Resources a stack used to declare that now live elsewhere (the bootstrap stack) or outside Terraform (secret
 * values synced by `infra secrets sync-*`). Each gets a `removed` block with `destroy = false`: a stage deployed
 * before the move forgets them instead of destroying them (its KMS key, its GitHub environment), and on a stage
 * that never had them the block does nothing. Addresses are derived from the construct path they had, exactly as
 * cdktf derived them then (TerraformStack.getLogicalId), so no hash is written down by hand.
 */
import type { TerraformStack } from "cdktf";
import { Construct } from "constructs";

export interface MovedOutResource {
  /** Terraform resource type, e.g. `aws_kms_key`. */
  readonly type: string;
  /** The construct path the resource had below the stack, e.g. `["secrets", "key"]`. */
  readonly path: readonly string[];
}

function nodeAt(stack: TerraformStack, path: readonly string[]): Construct {
  let scope: Construct = stack;
  for (const id of path) scope = scope.node.tryFindChild(id) ?? new Construct(scope, id);
  return scope;
}

/** Adds one `removed { lifecycle { destroy = false } }` block per resource. */
export function forgetMovedOut(stack: TerraformStack, resources: readonly MovedOutResource[]): void {
  if (resources.length === 0) return;
  stack.addOverride(
    "removed",
    resources.map((r) => ({
      from: `${r.type}.${stack.getLogicalId(nodeAt(stack, r.path).node)}`,
      lifecycle: { destroy: false },
    })),
  );
}
