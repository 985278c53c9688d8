/**
 * The bootstrap (state) stack against real Terraform and the real AWS provider (from the machine's filesystem
 * mirror): `terraform validate` passes, and the bucket is protected the way DESIGN.md's State section says.
 */
import { awsPart, validateConfig } from "../support/terraform-harness";
import { synthBootstrap } from "../support/synth";

describe("bootstrap stack", () => {
  const json = synthBootstrap();
  const resources = json.resource;

  test("passes real terraform validate with the AWS provider (its AWS half; the GitHub provider is not on this machine)", async () => {
    const result = await validateConfig(awsPart(json));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
  }, 120000);

  test("the state bucket is versioned, SSE-KMS encrypted with a rotating key, and cannot be destroyed", () => {
    const bucket = Object.values(resources.aws_s3_bucket)[0] as any;
    expect(bucket.bucket).toBe("acme-tfstate-000000000000");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect((Object.values(resources.aws_s3_bucket_versioning)[0] as any).versioning_configuration).toEqual({ status: "Enabled" });
    const sse = (Object.values(resources.aws_s3_bucket_server_side_encryption_configuration)[0] as any).rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(sse.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/aws_kms_key\.state-key\.arn/);
    const key = Object.values(resources.aws_kms_key)[0] as any;
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  test("public access is blocked on every axis", () => {
    const block = Object.values(resources.aws_s3_bucket_public_access_block)[0];
    expect(block).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  });

  test("the bucket policy denies any request without TLS", () => {
    const doc = Object.values(json.data.aws_iam_policy_document)[0] as any;
    expect(doc.statement[0]).toMatchObject({
      effect: "Deny",
      actions: ["s3:*"],
      condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
    });
  });
});
