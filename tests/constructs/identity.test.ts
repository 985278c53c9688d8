/**
 * Account-wide identities (bootstrap stack): trust policies pinned exactly (a wrong repo, environment, Fly app or
 * audience does not match), one plan role per stage with production's behind an approval environment, and no
 * broad managed policy. What the roles may *do* is decided by iam-simulate in tests/identity/isolation.test.ts.
 *
 * Trust conditions are evaluated by tests/support/iam-conditions.ts because iam-simulate 0.1.173 cannot: it drops
 * the OIDC claim keys of sts:AssumeRoleWithWebIdentity as unknown for the action (the last test shows it), so a
 * trust policy would be judged without its conditions.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { getStage, STAGE_NAMES } from "../../environments";
import { trustAllows } from "../support/iam-conditions";
import { synthBootstrap } from "../support/synth";

const json = synthBootstrap();
const roles = json.resource.aws_iam_role as Record<string, any>;
const policies = json.resource.aws_iam_role_policy as Record<string, any>;
const role = (name: string) => Object.values(roles).find((r) => r.name === name)!;
const inlinePolicy = (name: string) => JSON.parse(Object.values(policies).find((p) => p.name === name)!.policy);
/** The trust policy with the environment names (tokens of the bootstrap's environments) resolved. */
const trustOf = (name: string) =>
  String(role(name).assume_role_policy).replace(
    /\$\{github_repository_environment\.([^.]+)\.environment\}/g,
    (_, id: string) => json.resource.github_repository_environment[id].environment,
  );

const GH = "token.actions.githubusercontent.com";
const gh = (sub: string, aud = "sts.amazonaws.com") => ({ [`${GH}:sub`]: sub, [`${GH}:aud`]: aud });
const fly = (sub: string, aud = "sts.amazonaws.com", org = "example-org") => ({
  [`oidc.fly.io/${org}:sub`]: sub,
  [`oidc.fly.io/${org}:aud`]: aud,
});
const REPO = "repo:example-org/acme-platform";

describe("OIDC providers", () => {
  test("GitHub Actions and Fly.io providers with audience sts.amazonaws.com", () => {
    const providers = Object.values<any>(json.resource.aws_iam_openid_connect_provider);
    expect(providers.map((p) => [p.url, p.client_id_list]).sort()).toEqual([
      ["https://oidc.fly.io/example-org", ["sts.amazonaws.com"]],
      ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"]],
    ]);
  });
});

describe("no broad managed policy", () => {
  test("no role attaches ReadOnlyAccess or any other managed policy: every read is listed", () => {
    expect(json.resource.aws_iam_role_policy_attachment ?? {}).toEqual({});
  });
});

describe.each(STAGE_NAMES)("acme-plan-%s (read-only)", (stage) => {
  const approval = getStage(stage).github.pullRequestPlans === "approval";
  const trust = trustOf(`acme-plan-${stage}`);

  test("admits the default branch (scheduled drift checks run reviewed code)", () => {
    expect(trustAllows(trust, gh(`${REPO}:ref:refs/heads/main`))).toBe(true);
  });

  test(
    approval ? "admits pull requests only through the approval environment" : "admits the repository's pull requests",
    () => {
      expect(trustAllows(trust, gh(`${REPO}:pull_request`))).toBe(!approval);
      expect(trustAllows(trust, gh(`${REPO}:environment:${stage}-plan`))).toBe(approval);
    },
  );

  test("rejects another repository, another branch, a deployment environment and a wrong audience", () => {
    expect(trustAllows(trust, gh("repo:example-org/other-repo:pull_request"))).toBe(false);
    expect(trustAllows(trust, gh("repo:evil-org/acme-platform:ref:refs/heads/main"))).toBe(false);
    expect(trustAllows(trust, gh(`${REPO}:ref:refs/heads/feature`))).toBe(false);
    expect(trustAllows(trust, gh(`${REPO}:environment:${stage}`))).toBe(false);
    expect(trustAllows(trust, gh(`${REPO}:ref:refs/heads/main`, "other-audience"))).toBe(false);
  });

  test("writes nothing: no state, no lock file, no secret, no tag", () => {
    const doc = inlinePolicy(`plan-${stage}`);
    const allows = doc.Statement.filter((s: any) => s.Effect === "Allow").flatMap((s: any) => [s.Action].flat());
    expect(allows.filter((a: string) => /Put|Delete|Create|Update|Tag|Restore/.test(a))).toEqual([]);
    expect(doc.Statement.find((s: any) => s.Sid === "DenyStateWrites")).toMatchObject({
      Effect: "Deny",
      Action: ["s3:PutObject*", "s3:DeleteObject*"],
      Resource: "*",
    });
  });
});

describe.each(STAGE_NAMES)("acme-deploy-%s", (stage) => {
  const trust = trustOf(`acme-deploy-${stage}`);

  test(`admits only ${REPO}:environment:${stage}`, () => {
    expect(trustAllows(trust, gh(`${REPO}:environment:${stage}`))).toBe(true);
  });

  test("rejects another environment, the plan environment, another repository, pull requests and a wrong audience", () => {
    for (const other of STAGE_NAMES.filter((s) => s !== stage))
      expect(trustAllows(trust, gh(`${REPO}:environment:${other}`))).toBe(false);
    expect(trustAllows(trust, gh(`${REPO}:environment:${stage}-plan`))).toBe(false);
    expect(trustAllows(trust, gh(`repo:example-org/forked-platform:environment:${stage}`))).toBe(false);
    expect(trustAllows(trust, gh(`${REPO}:pull_request`))).toBe(false);
    expect(trustAllows(trust, gh(`${REPO}:environment:${stage}`, "other"))).toBe(false);
  });

  test("the trust names the environment resource, so bootstrap creates the protected environment before the role", () => {
    expect(role(`acme-deploy-${stage}`).assume_role_policy).toMatch(
      /\$\{github_repository_environment\.environment-[a-z]+_environment_[0-9A-F]{8}\.environment\}/,
    );
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

test("role ARNs are bootstrap outputs, per stage", () => {
  expect(Object.keys(json.output).sort()).toEqual([
    "deploy_role_arns",
    "fly_role_arns",
    "plan_role_arns",
    "state_bucket",
  ]);
  for (const output of ["deploy_role_arns", "plan_role_arns", "fly_role_arns"])
    expect(Object.keys(json.output[output].value).sort()).toEqual([...STAGE_NAMES].sort());
});

test("iam-simulate 0.1.173 ignores GitHub's OIDC claims for AssumeRoleWithWebIdentity (why trust is judged by iam-conditions)", async () => {
  const provider = "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com";
  const result: any = await runSimulation(
    {
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: JSON.parse(trustOf("acme-deploy-production").replace(/\$\{[^}]+\}/g, provider)),
      request: {
        action: "sts:AssumeRoleWithWebIdentity",
        principal: provider,
        resource: { resource: "arn:aws:iam::000000000000:role/acme-deploy-production", accountId: "000000000000" },
        contextVariables: gh(`${REPO}:environment:production`),
      },
    },
    {},
  );
  expect(result.result.ignoredContextKeys.sort()).toEqual([`${GH}:aud`, `${GH}:sub`]);
});
