/**
 * The `bootstrap` stack: what the whole account needs before any stage can deploy. The S3 bucket that holds every
 * stage's Terraform state (versioned, SSE-KMS with a rotating customer-managed key, public access blocked, TLS-only
 * policy, protected from destroy; stages lock with Terraform's S3 lock file) and the account-wide identities:
 * the GitHub Actions and Fly.io OIDC providers with the plan, deploy and Fly roles of every stage (a stage's deploy
 * role must exist before that stage is deployed, so it cannot live in the stage's own stack), and the GitHub
 * repository's protection with the plan role variable (once per repository, never loosened by a stage deploy). It keeps its own state locally (it creates the bucket the others use); after the
 * first apply, migrate it into the bucket as described in the README.
 */
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { Guardrails } from "../policies/guardrails";
import type { Construct } from "constructs";
import type { StageConfig } from "../environments";
import { stateBucketName, stateKeyAlias } from "../constructs/names";
import { FlyIdentity } from "../constructs/identity/fly-identity";
import { GitHubActionsIdentity } from "../constructs/identity/github-actions-identity";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { RepositoryProtection } from "../constructs/github/repository-protection";
import { awsProvider } from "./providers";

/** The bootstrap stack's id; it names its state and never changes. */
export const BOOTSTRAP_STACK_ID = "bootstrap";

export interface StateBackendStackProps {
  /** Every stage. They must share the app name, AWS account and region, and GitHub repository. */
  readonly stages: readonly StageConfig[];
}

/** The settings every stage must agree on for one bootstrap to serve them all. */
function sharedConfig(stages: readonly StageConfig[]): StageConfig {
  const [first, ...rest] = stages;
  if (!first) throw new Error("the bootstrap stack needs at least one stage");
  const key = (s: StageConfig) => JSON.stringify([s.app, s.aws, s.github.owner, s.github.repository, s.github.defaultBranch]);
  const odd = rest.find((s) => key(s) !== key(first));
  if (odd) {
    throw new Error(`${odd.name}: app, aws and github repository differ from ${first.name}; one bootstrap serves one app in one account and repository, so make them equal`);
  }
  return first;
}

export class StateBackendStack extends TerraformStack {
  public readonly bucket: S3Bucket;
  public readonly key: KmsKey;
  public readonly github: GitHubActionsIdentity;
  public readonly fly: FlyIdentity;

  constructor(scope: Construct, id: string, props: StateBackendStackProps) {
    super(scope, id);
    Aspects.of(this).add(new Guardrails());
    const cfg = sharedConfig(props.stages);
    awsProvider(this, cfg, "shared");

    this.key = new KmsKey(this, "state-key", {
      description: `Encrypts the Terraform state of ${cfg.app}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "state-key-alias", { name: stateKeyAlias(cfg), targetKeyId: this.key.keyId });

    this.bucket = new S3Bucket(this, "state-bucket", {
      bucket: stateBucketName(cfg),
      lifecycle: { preventDestroy: true },
    });
    new S3BucketVersioningA(this, "state-bucket-versioning", {
      bucket: this.bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "state-bucket-encryption", {
      bucket: this.bucket.id,
      rule: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn },
        bucketKeyEnabled: true,
      }],
    });
    new S3BucketPublicAccessBlock(this, "state-bucket-public-access", {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "state-bucket-ownership", {
      bucket: this.bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const tlsOnly = new DataAwsIamPolicyDocument(this, "state-bucket-tls-only", {
      statement: [{
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principals: [{ type: "*", identifiers: ["*"] }],
        actions: ["s3:*"],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      }],
    });
    new S3BucketPolicy(this, "state-bucket-policy", { bucket: this.bucket.id, policy: tlsOnly.json });

    new TerraformOutput(this, "state_bucket", { value: this.bucket.bucket });
    new TerraformOutput(this, "state_key_arn", { value: this.key.arn });

    this.github = new GitHubActionsIdentity(this, "github-actions", { stages: props.stages });
    this.fly = new FlyIdentity(this, "fly", { stages: props.stages });
    // Reads GITHUB_TOKEN (repository administration) from the environment at apply time.
    new GithubProvider(this, "github", { owner: cfg.github.owner });
    new RepositoryProtection(this, "repository", { config: cfg, planRoleArn: this.github.planRole.arn });
    new TerraformOutput(this, "plan_role_arn", { value: this.github.planRole.arn });
    new TerraformOutput(this, "deploy_role_arns", {
      value: Object.fromEntries(Object.entries(this.github.deployRoles).map(([stage, role]) => [stage, role.arn])),
    });
    new TerraformOutput(this, "fly_role_arns", {
      value: Object.fromEntries(Object.entries(this.fly.roles).map(([stage, role]) => [stage, role.arn])),
    });
  }
}
