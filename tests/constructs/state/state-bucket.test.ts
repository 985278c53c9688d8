/**
 * StateBucket specifies the bucket that holds every stage's Terraform state: `<app>-tfstate-<account>`, versioned,
 * SSE-KMS by default with a rotating key of its own (`alias/<app>-tfstate`), public access blocked on every axis,
 * bucket-owner enforced, a bucket policy that is stage-policies' plain JSON document for the stages it is given, the
 * bucket and key never destroyed, and every resource at the Terraform address it had before it was a construct.
 */
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { Testing } from "cdktf";
import { policyJson } from "../../../constructs/iam-policy";
import { stateBucketPolicy } from "../../../constructs/identity/stage-policies";
import { StateBucket, type StateBucketProps } from "../../../constructs/state/state-bucket";
import { ACCOUNT } from "../../support/construct-scope";

const PROPS: StateBucketProps = { ...ACCOUNT, stages: ["staging", "production"] };
const out = Testing.synthScope((scope) => void new StateBucket(scope, "state", PROPS));
const json = JSON.parse(out);
const r = json.resource;

describe("StateBucket", () => {
  test("names the bucket after the app and the account, and never destroys it", () => {
    expect(out).toHaveResourceWithProperties(S3Bucket, {
      bucket: "acme-tfstate-000000000000",
      lifecycle: { prevent_destroy: true },
    });
  });

  test("versions the bucket", () => {
    expect(r.aws_s3_bucket_versioning["state-bucket-versioning"]).toEqual({
      bucket: "${aws_s3_bucket.state-bucket.id}",
      versioning_configuration: { status: "Enabled" },
    });
  });

  test("encrypts by default with a rotating key of its own, aliased alias/<app>-tfstate and never destroyed", () => {
    expect(r.aws_s3_bucket_server_side_encryption_configuration["state-bucket-encryption"].rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: "aws:kms",
          kms_master_key_id: "${aws_kms_key.state-key.arn}",
        },
        bucket_key_enabled: true,
      },
    ]);
    expect(r.aws_kms_key["state-key"]).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(r.aws_kms_alias["state-key-alias"]).toEqual({
      name: "alias/acme-tfstate",
      target_key_id: "${aws_kms_key.state-key.key_id}",
    });
  });

  test("blocks public access on every axis and enforces bucket ownership", () => {
    expect(r.aws_s3_bucket_public_access_block["state-bucket-public-access"]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(out).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  test("carries stage-policies' bucket policy for the stages it is given", () => {
    expect(JSON.parse(r.aws_s3_bucket_policy["state-bucket-policy"].policy)).toEqual(
      JSON.parse(policyJson(...stateBucketPolicy(PROPS, "${aws_s3_bucket.state-bucket.arn}", PROPS.stages))),
    );
  });

  test("keeps the Terraform addresses the bootstrap stack gave these resources before (renaming one would destroy it)", () => {
    expect(
      Object.fromEntries(Object.entries(r).map(([type, blocks]) => [type, Object.keys(blocks as object)])),
    ).toEqual({
      aws_kms_key: ["state-key"],
      aws_kms_alias: ["state-key-alias"],
      aws_s3_bucket: ["state-bucket"],
      aws_s3_bucket_versioning: ["state-bucket-versioning"],
      aws_s3_bucket_server_side_encryption_configuration: ["state-bucket-encryption"],
      aws_s3_bucket_public_access_block: ["state-bucket-public-access"],
      aws_s3_bucket_ownership_controls: ["state-bucket-ownership"],
      aws_s3_bucket_policy: ["state-bucket-policy"],
    });
  });
});
