/**
 * GitHubActionsIdentity specifies how GitHub Actions jobs reach AWS: the token.actions.githubusercontent.com OIDC
 * provider (audience sts.amazonaws.com) and, per stage, a deploy role trusted only for the stage's deployment
 * environment and a read-only plan role trusted for the default branch and for pull requests, directly, or only
 * through the stage's plan-approval environment when it has one. Trust policies are pinned exactly: a wrong
 * repository, environment, branch or audience does not match. The stages are the example stages (stageAccess),
 * each deploying from its own environment and production planning behind `production-plan`, as bootstrap maps them.
 * Trust conditions are evaluated by tests/support/iam-conditions.ts because iam-simulate 0.1.173 cannot: it drops
 * the OIDC claim keys of sts:AssumeRoleWithWebIdentity as unknown for the action (the last test shows it), so a
 * trust policy would be judged without its conditions. What the roles may *do* is decided by iam-simulate in
 * tests/identity/isolation.test.ts.
 */
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { Testing } from "cdktf";
import { GitHubActionsIdentity } from "../../../constructs/identity/github-actions-identity";
import { getStage, STAGE_NAMES } from "../../../environments";
import { stageAccess } from "../../../stacks/bootstrap-stack";
import { resourcesOf } from "../../support/construct-scope";
import { trustAllows } from "../../support/iam-conditions";

const needsApproval = (stage: string) => getStage(stage).github.pullRequestPlans === "approval";
const out = Testing.synthScope(
  (scope) =>
    void new GitHubActionsIdentity(scope, "github-actions", {
      repository: "example-org/acme-platform",
      defaultBranch: "main",
      stages: STAGE_NAMES.map((stage) => ({
        ...stageAccess(getStage(stage)),
        deployEnvironment: stage,
        ...(needsApproval(stage) ? { planEnvironment: `${stage}-plan` } : {}),
      })),
    }),
);
const json = JSON.parse(out);
const role = (name: string) => resourcesOf(json, "aws_iam_role").find((r) => r.name === name);
const trustOf = (name: string): string => role(name).assume_role_policy;
const inlinePolicy = (name: string) =>
  JSON.parse(resourcesOf(json, "aws_iam_role_policy").find((p) => p.name === name).policy);

const GH = "token.actions.githubusercontent.com";
const gh = (sub: string, aud = "sts.amazonaws.com") => ({ [`${GH}:sub`]: sub, [`${GH}:aud`]: aud });
const REPO = "repo:example-org/acme-platform";

describe("GitHubActionsIdentity", () => {
  test("declares the GitHub Actions OIDC provider with audience sts.amazonaws.com", () => {
    expect(out).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(resourcesOf(json, "aws_iam_openid_connect_provider")).toHaveLength(1);
  });

  test("declares one deploy and one plan role per stage, each with a one-hour session and its own inline policy", () => {
    expect(
      resourcesOf(json, "aws_iam_role")
        .map((r) => [r.name, r.max_session_duration])
        .sort(),
    ).toEqual(
      STAGE_NAMES.flatMap((s) => [
        [`acme-deploy-${s}`, 3600],
        [`acme-plan-${s}`, 3600],
      ]).sort(),
    );
    const policies = Object.fromEntries(resourcesOf(json, "aws_iam_role_policy").map((p) => [p.name, p.role]));
    const roleId = (kind: string, stage: string) =>
      expect.stringMatching(
        new RegExp(`^\\$\\{aws_iam_role\\.github-actions_${kind}-role-${stage}_[0-9A-F]{8}\\.id\\}$`),
      );
    expect(policies).toEqual(
      Object.fromEntries(
        STAGE_NAMES.flatMap((s) => [
          [`deploy-${s}`, roleId("deploy", s)],
          [`plan-${s}`, roleId("plan", s)],
        ]),
      ),
    );
  });

  test("trusts only web identities of its own provider", () => {
    for (const r of resourcesOf(json, "aws_iam_role"))
      expect(JSON.parse(r.assume_role_policy).Statement).toEqual([
        expect.objectContaining({
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: {
            Federated: expect.stringMatching(
              /^\$\{aws_iam_openid_connect_provider\.github-actions_github-oidc_.*\.arn\}$/,
            ),
          },
        }),
      ]);
  });

  test("says in the plan role's description whether pull requests need approval", () => {
    expect(out).toHaveResourceWithProperties(IamRole, {
      name: "acme-plan-production",
      description: "Read-only: plans production for pull requests (after approval) and scheduled drift checks",
    });
    expect(out).toHaveResourceWithProperties(IamRole, {
      name: "acme-plan-staging",
      description: "Read-only: plans staging for pull requests and scheduled drift checks",
    });
  });
});

describe.each(STAGE_NAMES)("acme-plan-%s (read-only)", (stage) => {
  const approval = needsApproval(stage);
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
