/**
 * INFRA-REL2: an S3 bucket (here: the Terraform state bucket) is versioned, private, and cannot be destroyed by
 * Terraform. Losing or exposing it loses or exposes every stage's state, secret values from GitHub-consumed
 * secrets included.
 */
import { COMPLIANT, noncompliant, referenceOf, type GuardrailRule, type SynthesizedResource } from "../rule";

const PUBLIC_ACCESS_FLAGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
];

function attachedTo(
  bucket: SynthesizedResource,
  stack: readonly SynthesizedResource[],
  type: string,
): SynthesizedResource[] {
  return stack.filter(
    (r) =>
      r.type === type &&
      [`${bucket.address}.id`, `${bucket.address}.bucket`].includes(referenceOf(r.config.bucket) ?? ""),
  );
}

export const s3BucketsAreProtected: GuardrailRule = {
  id: "INFRA-REL2",
  info: "The S3 bucket is not versioned, not private, or can be destroyed by Terraform.",
  explanation:
    "Give it lifecycle.prevent_destroy, an aws_s3_bucket_versioning with status Enabled and an aws_s3_bucket_public_access_block with all four flags true (StateBackendStack does).",
  appliesTo: ["aws_s3_bucket"],
  check(resource, stack) {
    const lifecycle = resource.config.lifecycle as { prevent_destroy?: unknown } | undefined;
    if (lifecycle?.prevent_destroy !== true) return noncompliant("lifecycle.prevent_destroy is not true");
    const versioning = attachedTo(resource, stack, "aws_s3_bucket_versioning");
    const enabled = versioning.some(
      (v) => (v.config.versioning_configuration as { status?: unknown } | undefined)?.status === "Enabled",
    );
    if (!enabled) return noncompliant("no aws_s3_bucket_versioning with status Enabled refers to it");
    const blocks = attachedTo(resource, stack, "aws_s3_bucket_public_access_block");
    if (!blocks.some((b) => PUBLIC_ACCESS_FLAGS.every((flag) => b.config[flag] === true))) {
      return noncompliant(
        `no aws_s3_bucket_public_access_block with ${PUBLIC_ACCESS_FLAGS.join(", ")} all true refers to it`,
      );
    }
    return COMPLIANT;
  },
};
