/**
 * Provider configuration shared by every stack of a stage. Credentials never come from config: the AWS provider
 * uses the role the workflow assumed (OIDC), Cloudflare reads CLOUDFLARE_API_TOKEN and GitHub reads GITHUB_TOKEN
 * from the environment of `terraform plan/apply`, not of synthesis.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { StageConfig } from "../environments";

/**
 * The Terraform versions every stack needs: write-only arguments (`value_wo`) and ephemeral resources need 1.11,
 * `removed` blocks 1.7. Declared on each stack, so an older terraform refuses the stack instead of misreading it.
 */
export const REQUIRED_TERRAFORM = ">= 1.11";

/** Declares REQUIRED_TERRAFORM on a stack. */
export function requireTerraform(stack: TerraformStack): void {
  stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM);
}

/** Tags every AWS resource of the app carries. */
export function defaultTags(cfg: Pick<StageConfig, "app">, stage: string): Record<string, string> {
  return { app: cfg.app, stage, "managed-by": "platform-infra" };
}

/** The AWS provider, pinned to the stage's account so a mis-assumed role can never touch another account. */
export function awsProvider(scope: Construct, cfg: Pick<StageConfig, "app" | "aws">, stage: string): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: cfg.aws.region,
    allowedAccountIds: [cfg.aws.accountId],
    defaultTags: [{ tags: defaultTags(cfg, stage) }],
  });
}
