/**
 * The bootstrap stack against real Terraform and the real AWS provider (from the machine's filesystem mirror):
 * `terraform validate` passes, the bucket is protected the way DESIGN.md's State section says, and every stage has
 * its own secrets and state keys that only bootstrap administers. (What the policies allow is decided by
 * iam-simulate in tests/identity/isolation.test.ts.)
 */
import { STAGE_NAMES } from "../../environments";
import { awsPart, validateConfig } from "../support/terraform-harness";
import { synthBootstrap } from "../support/synth";

describe("bootstrap stack", () => {
  const json = synthBootstrap();
  const resources = json.resource;
  const keys = Object.entries<any>(resources.aws_kms_key);
  const aliases = Object.values<any>(resources.aws_kms_alias);
  const aliasOf = (address: string) =>
    aliases.find((a) => a.target_key_id === `\${aws_kms_key.${address}.key_id}`)?.name;

  test("passes real terraform validate with the AWS provider (its AWS half; the GitHub provider is not on this machine)", async () => {
    const result = await validateConfig(awsPart(json));
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
  }, 120000);

  test("the state bucket is versioned, SSE-KMS encrypted by default with a rotating key, and cannot be destroyed; its addresses never changed", () => {
    const bucket = resources.aws_s3_bucket["state-bucket"];
    expect(bucket.bucket).toBe("acme-tfstate-000000000000");
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(resources.aws_s3_bucket_versioning["state-bucket-versioning"].versioning_configuration).toEqual({
      status: "Enabled",
    });
    const sse = resources.aws_s3_bucket_server_side_encryption_configuration["state-bucket-encryption"].rule[0];
    expect(sse.apply_server_side_encryption_by_default).toEqual({
      sse_algorithm: "aws:kms",
      kms_master_key_id: "${aws_kms_key.state-key.arn}",
    });
    expect(resources.aws_kms_key["state-key"]).toMatchObject({
      enable_key_rotation: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(resources.aws_kms_alias["state-key-alias"].name).toBe("alias/acme-tfstate");
  });

  test("public access is blocked on every axis", () => {
    expect(resources.aws_s3_bucket_public_access_block["state-bucket-public-access"]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test("the bucket policy is a plain JSON document: no TLS-less request, and one fence per stage's state", () => {
    const policy = JSON.parse(resources.aws_s3_bucket_policy["state-bucket-policy"].policy);
    expect(policy.Statement[0]).toMatchObject({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(
      policy.Statement.filter((s: any) => s.Sid.startsWith("FenceStateOf")).map((s: any) => s.Resource[0]),
    ).toEqual(STAGE_NAMES.map((stage) => `\${aws_s3_bucket.state-bucket.arn}/${stage}.tfstate`));
  });

  test.each(STAGE_NAMES)(
    "%s has a secrets key and a state key: rotating, protected from destroy, tagged with the stage",
    (stage) => {
      for (const kind of ["secrets", "tfstate"]) {
        const [, key] = keys.find(([address]) => aliasOf(address) === `alias/acme-${stage}-${kind}`)!;
        expect(key).toMatchObject({
          enable_key_rotation: true,
          deletion_window_in_days: 30,
          lifecycle: { prevent_destroy: true },
          tags: { stage },
        });
        const policy = JSON.parse(key.policy);
        expect(policy.Statement.find((s: any) => s.Sid === "DenyStageRolesAdministration")).toMatchObject({
          Effect: "Deny",
          Principal: "*",
          Condition: {
            ArnLike: {
              "aws:PrincipalArn": [
                "arn:aws:iam::000000000000:role/acme-deploy-*",
                "arn:aws:iam::000000000000:role/acme-plan-*",
                "arn:aws:iam::000000000000:role/acme-fly-*",
              ],
            },
          },
        });
        // The account administers the key through IAM, but its policy never lets IAM grant use of it.
        const admin = policy.Statement.find((s: any) => s.Sid === "AccountAdministersTheKey");
        expect(admin.Action.filter((a: string) => /Encrypt|Decrypt|GenerateDataKey/.test(a))).toEqual([]);
      }
    },
  );

  test("the key policies name the stage's own roles, by reference, so bootstrap creates the roles first", () => {
    const [, key] = keys.find(([address]) => aliasOf(address) === "alias/acme-production-tfstate")!;
    const users = JSON.parse(key.policy).Statement.filter(
      (s: any) => s.Effect === "Allow" && s.Sid !== "AccountAdministersTheKey",
    );
    expect(users.map((s: any) => [s.Sid, s.Principal.AWS])).toEqual([
      [
        "DeployRoleWritesState",
        expect.stringMatching(/^\$\{aws_iam_role\.github-actions_deploy-role-production_[0-9A-F]{8}\.arn\}$/),
      ],
      [
        "PlanRoleReadsState",
        expect.stringMatching(/^\$\{aws_iam_role\.github-actions_plan-role-production_[0-9A-F]{8}\.arn\}$/),
      ],
    ]);
  });
});
