/**
 * The S3 bucket that holds every stage's Terraform state: versioned, SSE-KMS by default with a rotating key of its
 * own (stages write with their own state key, see StageKeys), public access blocked on every axis, bucket-owner
 * enforced, and a bucket policy (a plain JSON document, so tests can evaluate it) that refuses plain HTTP and fences
 * each stage's state and lock file from every other stage's roles. Bucket and key are protected from destroy.
 *
 * The resources keep the Terraform addresses they had when the bootstrap stack declared them directly
 * (`aws_s3_bucket.state-bucket`, ...): renaming the address of a bucket that must never be destroyed would only
 * make the next plan fail on `prevent_destroy`.
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { policyJson } from "../iam-policy";
import { bucketKeyAlias, stateBucketName, type StageAccount } from "../names";
import { stateBucketPolicy } from "../identity/stage-policies";

/** A resource on the bucket, at the address it had when bootstrap declared it directly: `state-bucket-<its id>`. */
function keepAddress(resource: TerraformResource): void {
  resource.overrideLogicalId(`state-bucket-${resource.node.id}`);
}

export interface StateBucketProps extends StageAccount {
  /** Every stage whose state the bucket holds; each gets a fence in the bucket policy. */
  readonly stages: readonly string[];
}

export class StateBucket extends Construct {
  public readonly bucket: S3Bucket;
  /** The bucket's default key (objects written without a key of their own). */
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.key = new KmsKey(this, "key", {
      description: `Default key of the Terraform state bucket of ${props.app}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    this.key.overrideLogicalId("state-key");
    new KmsAlias(this, "key-alias", { name: bucketKeyAlias(props.app), targetKeyId: this.key.keyId }).overrideLogicalId(
      "state-key-alias",
    );

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: stateBucketName(props.app, props.accountId),
      lifecycle: { preventDestroy: true },
    });
    this.bucket.overrideLogicalId("state-bucket");
    const bucket = this.bucket.id;
    keepAddress(
      new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } }),
    );
    keepAddress(
      new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
        bucket,
        rule: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn },
            bucketKeyEnabled: true,
          },
        ],
      }),
    );
    const block = {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    keepAddress(new S3BucketPublicAccessBlock(this, "public-access", { bucket, ...block }));
    keepAddress(
      new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }),
    );
    const policy = policyJson(...stateBucketPolicy(props, this.bucket.arn, props.stages));
    keepAddress(new S3BucketPolicy(this, "policy", { bucket, policy }));
  }
}
