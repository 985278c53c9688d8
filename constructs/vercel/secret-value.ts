/**
 * Secret values for write-only attributes, never stored in state: an `ephemeral "aws_secretsmanager_secret_version"`
 * block (Terraform >= 1.10; cdktf 0.21 has no ephemeral constructs, so it is added as a stack override) and a
 * version number that changes whenever the secret's AWSCURRENT version changes (from the version list data
 * source, which reads metadata only), to feed `value_wo_version`.
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/ephemeral-resources/secretsmanager_secret_version
 */
import { DataAwsSecretsmanagerSecretVersions } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";

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
    const name = this.node.path.replace(/[^A-Za-z0-9_-]/g, "_");
    TerraformStack.of(this).addOverride(`ephemeral.aws_secretsmanager_secret_version.${name}`, { secret_id: props.secretArn });
    this.value = `\${ephemeral.aws_secretsmanager_secret_version.${name}.secret_string}`;
    const versions = new DataAwsSecretsmanagerSecretVersions(this, "versions", { secretId: props.secretArn });
    const current = `one([for v in ${versions.fqn}.versions : v.created_time if contains(v.version_stages, "AWSCURRENT")])`;
    this.version = `\${parseint(formatdate("YYYYMMDDhhmmss", ${current}), 10)}`;
  }
}
