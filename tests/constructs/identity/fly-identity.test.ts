/**
 * FlyIdentity specifies how Fly.io machines reach AWS: one OIDC provider per Fly organization
 * (`https://oidc.fly.io/<org>`, audience sts.amazonaws.com) and one `<app>-fly-<stage>` role per stage, trusted only
 * for tokens whose subject is `<org>:<fly app>:*` (not another app, not an app sharing the prefix, not another org),
 * that may read only the stage's secrets the machines consume. The stages are the example stages (stageAccess) with
 * their Fly organization and app, as bootstrap maps them.
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Testing } from "cdktf";
import { FlyIdentity, type FlyStageAccess } from "../../../constructs/identity/fly-identity";
import { getStage, STAGE_NAMES } from "../../../environments";
import { stageAccess } from "../../../stacks/bootstrap-stack";
import { resourcesOf, synthJson } from "../../support/construct-scope";
import { trustAllows } from "../../support/iam-conditions";

const access = (stage: string): FlyStageAccess => {
  const config = getStage(stage);
  return { ...stageAccess(config), flyOrg: config.fly.org, flyApp: config.fly.app };
};
const out = Testing.synthScope((scope) => void new FlyIdentity(scope, "fly", { stages: STAGE_NAMES.map(access) }));
const json = JSON.parse(out);
const role = (name: string) => resourcesOf(json, "aws_iam_role").find((r) => r.name === name);
const inlinePolicy = (name: string) =>
  JSON.parse(resourcesOf(json, "aws_iam_role_policy").find((p) => p.name === name).policy);
const fly = (sub: string, aud = "sts.amazonaws.com", org = "example-org") => ({
  [`oidc.fly.io/${org}:sub`]: sub,
  [`oidc.fly.io/${org}:aud`]: aud,
});

describe("FlyIdentity", () => {
  test("declares one OIDC provider for the stages' one organization, with audience sts.amazonaws.com", () => {
    expect(out).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://oidc.fly.io/example-org",
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(resourcesOf(json, "aws_iam_openid_connect_provider")).toHaveLength(1);
  });

  test("declares a provider per organization when stages run in different ones", () => {
    const two = synthJson(
      (scope) =>
        void new FlyIdentity(scope, "fly", {
          stages: [access("staging"), { ...access("production"), flyOrg: "acme-prod" }],
        }),
    );
    expect(resourcesOf(two, "aws_iam_openid_connect_provider").map((p) => p.url)).toEqual([
      "https://oidc.fly.io/acme-prod",
      "https://oidc.fly.io/example-org",
    ]);
    const production = resourcesOf(two, "aws_iam_role").find((r) => r.name === "acme-fly-production");
    expect(
      trustAllows(production.assume_role_policy, fly("acme-prod:acme-api:1", "sts.amazonaws.com", "acme-prod")),
    ).toBe(true);
    expect(trustAllows(production.assume_role_policy, fly("example-org:acme-api:1"))).toBe(false);
  });

  test("declares one role per stage, named <app>-fly-<stage>, with a one-hour session", () => {
    expect(out).toHaveResourceWithProperties(IamRole, {
      name: "acme-fly-production",
      description: "Fly.io app acme-api reads the production secrets",
      max_session_duration: 3600,
    });
    expect(
      resourcesOf(json, "aws_iam_role")
        .map((r) => r.name)
        .sort(),
    ).toEqual(STAGE_NAMES.map((s) => `acme-fly-${s}`).sort());
  });
});

describe.each([
  ["development", "acme-api-dev"],
  ["staging", "acme-api-staging"],
  ["production", "acme-api"],
])("acme-fly-%s", (stage, flyApp) => {
  const trust = role(`acme-fly-${stage}`).assume_role_policy;

  test(`admits machines of example-org:${flyApp}`, () => {
    expect(trustAllows(trust, fly(`example-org:${flyApp}:3d8d9e1f2a4b68`))).toBe(true);
  });

  test("rejects another app (including one sharing the prefix), another org and a wrong audience", () => {
    const otherApp = stage === "production" ? "acme-api-staging" : "acme-api";
    expect(trustAllows(trust, fly(`example-org:${otherApp}:3d8d9e1f2a4b68`))).toBe(false);
    expect(trustAllows(trust, fly(`example-org:${flyApp}-evil:3d8d9e1f2a4b68`))).toBe(false);
    expect(trustAllows(trust, fly(`other-org:${flyApp}:3d8d9e1f2a4b68`, "sts.amazonaws.com", "other-org"))).toBe(false);
    expect(trustAllows(trust, fly(`example-org:${flyApp}:3d8d9e1f2a4b68`, "https://fly.io"))).toBe(false);
  });

  test(`reads only the acme/${stage}/* secrets the machines consume`, () => {
    const read = inlinePolicy(`read-${stage}-secrets`).Statement.find((s: any) => s.Sid === "ReadConsumedSecretValues");
    const flySecrets = getStage(stage)
      .secrets.filter((s) => s.consumers.includes("fly"))
      .map((s) => `arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/${stage}/${s.name}-??????`);
    expect(read).toEqual({
      Sid: "ReadConsumedSecretValues",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: flySecrets,
    });
  });
});
