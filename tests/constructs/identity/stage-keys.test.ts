/**
 * StageKeys specifies a stage's two customer-managed KMS keys: the secrets key (`alias/<app>-<stage>-secrets`) and the
 * state key (`alias/<app>-<stage>-tfstate`), each rotating, with a 30-day deletion window, tagged with the stage,
 * protected from destroy, aliased, and carrying the key policy stage-policies.ts writes for exactly the role ARNs it
 * is given (what those policies allow is decided by iam-simulate in tests/identity/isolation.test.ts). The access is
 * production's as bootstrap maps it (stageAccess).
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Testing } from "cdktf";
import { policyJson } from "../../../constructs/iam-policy";
import { StageKeys } from "../../../constructs/identity/stage-keys";
import { secretsKeyPolicy, stateKeyPolicy } from "../../../constructs/identity/stage-policies";
import { getStage } from "../../../environments";
import { stageAccess } from "../../../stacks/bootstrap-stack";
import { addressOf, resourcesOf, roleArnOf } from "../../support/construct-scope";

const access = stageAccess(getStage("production"));
const roles = { deploy: roleArnOf("d"), plan: roleArnOf("p"), fly: roleArnOf("f") };
const out = Testing.synthScope((scope) => void new StageKeys(scope, "keys", { access, roles }));
const json = JSON.parse(out);
const keyOf = (alias: string) => {
  const target = resourcesOf(json, "aws_kms_alias").find((a) => a.name === alias).target_key_id;
  return json.resource.aws_kms_key[/^\$\{aws_kms_key\.([^.]+)\.key_id\}$/.exec(target)![1]];
};

describe("StageKeys", () => {
  test("declares a rotating secrets key and state key, tagged with the stage, aliased, never destroyed", () => {
    const keys = resourcesOf(json, "aws_kms_key");
    expect(keys.map((k) => [k.enable_key_rotation, k.tags.stage, k.lifecycle.prevent_destroy])).toEqual([
      [true, "production", true],
      [true, "production", true],
    ]);
    expect(
      resourcesOf(json, "aws_kms_alias")
        .map((a) => a.name)
        .sort(),
    ).toEqual(["alias/acme-production-secrets", "alias/acme-production-tfstate"]);
  });

  test("gives each key a 30-day deletion window and a description naming the stage and the app", () => {
    expect(out).toHaveResourceWithProperties(KmsKey, {
      description: "Encrypts the production secrets of acme",
      deletion_window_in_days: 30,
    });
    expect(out).toHaveResourceWithProperties(KmsKey, {
      description: "Encrypts the production Terraform state of acme",
      deletion_window_in_days: 30,
    });
  });

  test("points each alias at its own key", () => {
    const secretsKey = addressOf(json, "aws_kms_key", (k) => k.description.includes("secrets"));
    expect(out).toHaveResourceWithProperties(KmsAlias, {
      name: "alias/acme-production-secrets",
      target_key_id: `\${aws_kms_key.${secretsKey}.key_id}`,
    });
  });

  test("carries the secrets key policy and the state key policy for exactly the roles it is given", () => {
    expect(JSON.parse(keyOf("alias/acme-production-secrets").policy)).toEqual(
      JSON.parse(policyJson(...secretsKeyPolicy(access, roles))),
    );
    expect(JSON.parse(keyOf("alias/acme-production-tfstate").policy)).toEqual(
      JSON.parse(policyJson(...stateKeyPolicy(access, roles))),
    );
    expect(keyOf("alias/acme-production-tfstate").policy).toContain(roles.deploy);
  });
});
