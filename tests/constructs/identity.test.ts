/**
 * Account-wide identities (bootstrap stack): trust policies pinned exactly (a wrong repo, environment, Fly app or
 * audience does not match) and least-privilege permissions.
 */
import { synthBootstrap } from "../support/synth";
import { trustAllows } from "../support/iam-conditions";

const json = synthBootstrap();
const roles = json.resource.aws_iam_role as Record<string, any>;
const policies = json.resource.aws_iam_role_policy as Record<string, any>;
const role = (name: string) => Object.values(roles).find((r) => r.name === name)!;
const inlinePolicy = (name: string) => JSON.parse(Object.values(policies).find((p) => p.name === name)!.policy);

const GH = "token.actions.githubusercontent.com";
const gh = (sub: string, aud = "sts.amazonaws.com") => ({ [`${GH}:sub`]: sub, [`${GH}:aud`]: aud });
const fly = (sub: string, aud = "sts.amazonaws.com", org = "example-org") => ({ [`oidc.fly.io/${org}:sub`]: sub, [`oidc.fly.io/${org}:aud`]: aud });

describe("OIDC providers", () => {
  test("GitHub Actions and Fly.io providers with audience sts.amazonaws.com", () => {
    const providers = Object.values(json.resource.aws_iam_openid_connect_provider) as any[];
    expect(providers.map((p) => [p.url, p.client_id_list]).sort()).toEqual([
      ["https://oidc.fly.io/example-org", ["sts.amazonaws.com"]],
      ["https://token.actions.githubusercontent.com", ["sts.amazonaws.com"]],
    ]);
  });
});

describe("acme-plan (read-only, pull requests and scheduled drift)", () => {
  const trust = role("acme-plan").assume_role_policy;

  test("admits the repository's pull requests and its default branch", () => {
    expect(trustAllows(trust, gh("repo:example-org/acme-platform:pull_request"))).toBe(true);
    expect(trustAllows(trust, gh("repo:example-org/acme-platform:ref:refs/heads/main"))).toBe(true);
  });

  test("rejects another repository, another branch, a deployment environment and a wrong audience", () => {
    expect(trustAllows(trust, gh("repo:example-org/other-repo:pull_request"))).toBe(false);
    expect(trustAllows(trust, gh("repo:evil-org/acme-platform:pull_request"))).toBe(false);
    expect(trustAllows(trust, gh("repo:example-org/acme-platform:ref:refs/heads/feature"))).toBe(false);
    expect(trustAllows(trust, gh("repo:example-org/acme-platform:environment:production"))).toBe(false);
    expect(trustAllows(trust, gh("repo:example-org/acme-platform:pull_request", "other-audience"))).toBe(false);
  });

  test("may read state and plan-time secrets but write nothing except lock files", () => {
    const doc = inlinePolicy("plan-state-and-plan-time-secrets");
    const writes = doc.Statement.filter((s: any) => [s.Action].flat().some((a: string) => /Put|Delete|Create|Update/.test(a)));
    expect(writes.map((s: any) => s.Resource)).toEqual([[
      "arn:aws:s3:::acme-tfstate-000000000000/development.tfstate.tflock",
      "arn:aws:s3:::acme-tfstate-000000000000/staging.tfstate.tflock",
      "arn:aws:s3:::acme-tfstate-000000000000/production.tfstate.tflock",
    ]]);
    const secrets = doc.Statement.find((s: any) => s.Sid === "ReadPlanTimeSecrets");
    expect(secrets.Resource).toContain("arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/production/error-tracking-auth-token-??????");
    expect(secrets.Resource.some((r: string) => r.includes("database-url"))).toBe(false);
  });
});

describe.each(["development", "staging", "production"])("acme-deploy-%s", (stage) => {
  const trust = role(`acme-deploy-${stage}`).assume_role_policy;

  test(`admits only repo:example-org/acme-platform:environment:${stage}`, () => {
    expect(trustAllows(trust, gh(`repo:example-org/acme-platform:environment:${stage}`))).toBe(true);
  });

  test("rejects another environment, another repository, pull requests and a wrong audience", () => {
    const other = stage === "production" ? "staging" : "production";
    expect(trustAllows(trust, gh(`repo:example-org/acme-platform:environment:${other}`))).toBe(false);
    expect(trustAllows(trust, gh(`repo:example-org/forked-platform:environment:${stage}`))).toBe(false);
    expect(trustAllows(trust, gh("repo:example-org/acme-platform:pull_request"))).toBe(false);
    expect(trustAllows(trust, gh(`repo:example-org/acme-platform:environment:${stage}`, "other"))).toBe(false);
  });

  test("manages only its own stage's secrets and state", () => {
    const doc = inlinePolicy(`deploy-${stage}`);
    const manage = doc.Statement.find((s: any) => s.Sid === "ManageStageSecrets");
    expect(manage.Resource).toBe(`arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/${stage}/*`);
    const writeState = doc.Statement.find((s: any) => s.Sid === "WriteState");
    expect(writeState.Resource).toEqual([`arn:aws:s3:::acme-tfstate-000000000000/${stage}.tfstate`]);
    const keys = doc.Statement.find((s: any) => s.Sid === "ManageStageKey");
    expect(keys.Condition).toEqual({ StringEquals: { "aws:ResourceTag/stage": stage } });
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

  test(`may only read acme/${stage}/* and decrypt with alias/acme-${stage}-secrets through Secrets Manager`, () => {
    const doc = inlinePolicy(`read-${stage}-secrets`);
    expect(doc.Statement).toEqual([
      {
        Sid: "ReadStageSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
        Resource: `arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/${stage}/*`,
      },
      {
        Sid: "DecryptWithStageKey",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: "arn:aws:kms:eu-west-1:000000000000:key/*",
        Condition: {
          "ForAnyValue:StringEquals": { "kms:ResourceAliases": [`alias/acme-${stage}-secrets`] },
          StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
        },
      },
    ]);
  });
});

test("role ARNs are bootstrap outputs", () => {
  expect(Object.keys(json.output).sort()).toEqual(["deploy_role_arns", "fly_role_arns", "plan_role_arn", "state_bucket", "state_key_arn"]);
  expect(Object.keys(json.output.deploy_role_arns.value).sort()).toEqual(["development", "production", "staging"]);
});
