/**
 * Hand-built plan JSON in Terraform's documented format (format_version 1.2), only for providers whose binaries
 * are not on this machine (Cloudflare, GitHub, Vercel). AWS plans in tests come from real `terraform plan`.
 * @see https://developer.hashicorp.com/terraform/internals/json-format#change-representation
 */
import type { Action, PlanJson, ResourceChange } from "../../tools/plan/plan-json";

export interface BuiltChange {
  address: string;
  actions: Action[];
  before: unknown;
  after: unknown;
  action_reason?: string;
  after_unknown?: unknown;
  before_sensitive?: unknown;
  after_sensitive?: unknown;
}

const PROVIDERS: Record<string, string> = {
  cloudflare: "registry.terraform.io/cloudflare/cloudflare",
  github: "registry.terraform.io/integrations/github",
  vercel: "registry.terraform.io/vercel/vercel",
  aws: "registry.terraform.io/hashicorp/aws",
};

export function resourceChange(c: BuiltChange): ResourceChange {
  const [type, name] = c.address.split(".") as [string, string];
  return {
    address: c.address,
    mode: "managed",
    type,
    name,
    provider_name: PROVIDERS[type.split("_")[0]] ?? "registry.terraform.io/hashicorp/null",
    change: {
      actions: c.actions,
      before: c.before,
      after: c.after,
      after_unknown: c.after_unknown ?? {},
      before_sensitive: c.before_sensitive ?? {},
      after_sensitive: c.after_sensitive ?? {},
    },
    ...(c.action_reason ? { action_reason: c.action_reason } : {}),
  };
}

export function planWith(changes: BuiltChange[], drift: BuiltChange[] = []): PlanJson {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes.map(resourceChange),
    resource_drift: drift.map(resourceChange),
    output_changes: {},
  };
}
