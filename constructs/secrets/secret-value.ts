/**
 * A secret's current value for a write-only attribute, never stored in state: an
 * `ephemeral "aws_secretsmanager_secret_version"` block (Terraform >= 1.10), and a version number that changes
 * whenever the secret's AWSCURRENT version changes (from the version list data source, which reads metadata only),
 * for the matching `*_wo_version` attribute. cdktf 0.21 has no ephemeral resources, so the block is a small
 * TerraformElement of its own that renders itself, rather than an override written into the stack.
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/ephemeral-resources/secretsmanager_secret_version
 */
import { DataAwsSecretsmanagerSecretVersions } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions";
import { TerraformElement } from "cdktf";
import { Construct } from "constructs";

const EPHEMERAL_TYPE = "aws_secretsmanager_secret_version";

/** The ephemeral block itself. */
class EphemeralSecretVersion extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly secretArn: string,
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { ephemeral: { [EPHEMERAL_TYPE]: { [this.friendlyUniqueId]: { secret_id: this.secretArn } } } };
  }

  get secretString(): string {
    return `\${ephemeral.${EPHEMERAL_TYPE}.${this.friendlyUniqueId}.secret_string}`;
  }
}

export interface SecretValueProps {
  /** ARN of the Secrets Manager secret (a token of the secret resource in the same stack). */
  readonly secretArn: string;
}

export class SecretValue extends Construct {
  /** Expression for a write-only attribute: the current value, read ephemerally. */
  public readonly value: string;
  /** Expression for the matching `*_version` attribute: changes when AWSCURRENT changes. */
  public readonly version: string;

  constructor(scope: Construct, id: string, props: SecretValueProps) {
    super(scope, id);
    this.value = new EphemeralSecretVersion(this, "current", props.secretArn).secretString;
    const versions = new DataAwsSecretsmanagerSecretVersions(this, "versions", { secretId: props.secretArn });
    const current = `one([for v in ${versions.fqn}.versions : v.created_time if contains(v.version_stages, "AWSCURRENT")])`;
    this.version = `\${parseint(formatdate("YYYYMMDDhhmmss", ${current}), 10)}`;
  }
}
