/**
 * Fly.io machines → AWS through OIDC (account-wide, in the bootstrap stack): one provider per Fly organization
 * (`https://oidc.fly.io/<org>`, audience sts.amazonaws.com) and one `<app>-fly-<stage>` role per stage, trusted
 * only for tokens whose `sub` is `<org>:<fly app>:*`, that may only read the `<app>/<stage>/*` secrets the machines
 * consume (decrypting them is granted by the stage's secrets key policy, through Secrets Manager only).
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyJson, webIdentityTrustPolicy } from "../iam-policy";
import { flyOidcHost, flyRoleName, STS_AUDIENCE } from "../names";
import { flyPolicy, type StageAccessProps } from "./stage-policies";

export interface FlyStageAccess extends StageAccessProps {
  /** The Fly.io organization slug (the OIDC issuer is per organization). */
  readonly flyOrg: string;
  /** The stage's Fly app: only its machines may assume the role. */
  readonly flyApp: string;
}

export interface FlyIdentityProps {
  readonly stages: readonly FlyStageAccess[];
}

export function flyTrustPolicy(providerArn: string, org: string, flyApp: string): string {
  const host = flyOidcHost(org);
  return webIdentityTrustPolicy("FlyMachinesOidc", providerArn, {
    StringEquals: { [`${host}:aud`]: STS_AUDIENCE },
    StringLike: { [`${host}:sub`]: `${org}:${flyApp}:*` },
  });
}

export class FlyIdentity extends Construct {
  public readonly providers: Readonly<Record<string, IamOpenidConnectProvider>>;
  public readonly roles: Readonly<Record<string, IamRole>>;

  constructor(scope: Construct, id: string, props: FlyIdentityProps) {
    super(scope, id);
    const providers: Record<string, IamOpenidConnectProvider> = {};
    for (const org of new Set(props.stages.map((s) => s.flyOrg))) {
      providers[org] = new IamOpenidConnectProvider(this, `fly-oidc-${org}`, {
        url: `https://${flyOidcHost(org)}`,
        clientIdList: [STS_AUDIENCE],
      });
    }
    const roles: Record<string, IamRole> = {};
    for (const stage of props.stages) {
      const role = new IamRole(this, `fly-role-${stage.stage}`, {
        name: flyRoleName(stage.app, stage.stage),
        description: `Fly.io app ${stage.flyApp} reads the ${stage.stage} secrets`,
        maxSessionDuration: 3600,
        assumeRolePolicy: flyTrustPolicy(providers[stage.flyOrg].arn, stage.flyOrg, stage.flyApp),
      });
      new IamRolePolicy(this, `fly-policy-${stage.stage}`, {
        role: role.id,
        name: `read-${stage.stage}-secrets`,
        policy: policyJson(...flyPolicy(stage)),
      });
      roles[stage.stage] = role;
    }
    this.providers = providers;
    this.roles = roles;
  }
}
