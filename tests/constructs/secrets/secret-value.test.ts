/**
 * SecretValue specifies how a consumer's write-only attribute gets a secret's value without it ever entering state:
 * an `ephemeral "aws_secretsmanager_secret_version"` block reads the current value, and a version number for the
 * matching `*_wo_version` attribute comes from the secret's version list (metadata only), changing whenever the
 * AWSCURRENT version does. Expressions are read through outputs, where cdktf resolves them as any attribute would.
 */
import { DataAwsSecretsmanagerSecretVersions } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-versions";
import { TerraformOutput, Testing } from "cdktf";
import { SecretValue } from "../../../constructs/secrets/secret-value";
import { addressOf } from "../../support/construct-scope";

const ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/staging/x";
const out = Testing.synthScope((scope) => {
  const value = new SecretValue(scope, "secret", { secretArn: ARN });
  new TerraformOutput(scope, "value", { value: value.value });
  new TerraformOutput(scope, "version", { value: value.version });
});
const json = JSON.parse(out);

describe("SecretValue", () => {
  test("reads the value ephemerally (never into state): an ephemeral block, no secret version resource", () => {
    expect(json.ephemeral.aws_secretsmanager_secret_version).toEqual({
      [addressOf(json, "aws_secretsmanager_secret_version", () => true, "ephemeral")]: { secret_id: ARN },
    });
    expect(json.resource).toBeUndefined();
  });

  test("gives the value as the ephemeral block's secret_string", () => {
    const ephemeral = addressOf(json, "aws_secretsmanager_secret_version", () => true, "ephemeral");
    expect(json.output.value.value).toBe(`\${ephemeral.aws_secretsmanager_secret_version.${ephemeral}.secret_string}`);
  });

  test("lists the secret's versions (metadata only) with a data source", () => {
    expect(out).toHaveDataSourceWithProperties(DataAwsSecretsmanagerSecretVersions, { secret_id: ARN });
  });

  test("versions the value by the creation time of AWSCURRENT, as a number", () => {
    const versions = addressOf(json, "aws_secretsmanager_secret_versions", () => true, "data");
    expect(json.output.version.value).toBe(
      `\${parseint(formatdate("YYYYMMDDhhmmss", one([for v in data.aws_secretsmanager_secret_versions.${versions}.versions : v.created_time if contains(v.version_stages, "AWSCURRENT")])), 10)}`,
    );
  });
});
