/**
 * A stage's two customer-managed KMS keys, created and administered only by the bootstrap stack: the secrets key
 * (`alias/<app>-<stage>-secrets`, encrypts the stage's Secrets Manager secrets) and the state key
 * (`alias/<app>-<stage>-tfstate`, encrypts the stage's Terraform state and lock file). Their policies name only
 * that stage's roles, so another stage's role can neither use nor administer them (stage-policies.ts).
 */
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { policyJson } from "../iam-policy";
import { secretsKeyAlias, stateKeyAlias } from "../names";
import { secretsKeyPolicy, stateKeyPolicy, type StageAccessProps, type StageRoleArns } from "./stage-policies";

export interface StageKeysProps {
  readonly access: StageAccessProps;
  /** ARNs of the stage's roles (tokens of the roles in the same stack, so the roles exist before the policies). */
  readonly roles: StageRoleArns;
}

export class StageKeys extends Construct {
  public readonly secretsKey: KmsKey;
  public readonly stateKey: KmsKey;

  constructor(scope: Construct, id: string, props: StageKeysProps) {
    super(scope, id);
    const { access, roles } = props;
    const key = (keyId: string, alias: string, description: string, policy: string) => {
      const created = new KmsKey(this, keyId, {
        description,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy,
        tags: { stage: access.stage },
        lifecycle: { preventDestroy: true },
      });
      new KmsAlias(this, `${keyId}-alias`, { name: alias, targetKeyId: created.keyId });
      return created;
    };
    this.secretsKey = key(
      "secrets-key",
      secretsKeyAlias(access.app, access.stage),
      `Encrypts the ${access.stage} secrets of ${access.app}`,
      policyJson(...secretsKeyPolicy(access, roles)),
    );
    this.stateKey = key(
      "state-key",
      stateKeyAlias(access.app, access.stage),
      `Encrypts the ${access.stage} Terraform state of ${access.app}`,
      policyJson(...stateKeyPolicy(access, roles)),
    );
  }
}
