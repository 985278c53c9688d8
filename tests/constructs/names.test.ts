/**
 * The naming contract between stacks, tools and workflows, as exact strings: the bootstrap stack creates keys, roles
 * and environments by these names and the stage stacks, `infra` and the workflows find them by the same names, so a
 * change here is a change on both sides (and a rename of stateful things). Every name is shown for app `acme`, account
 * 000000000000, region eu-west-1 and stage `staging`.
 */
import * as names from "../../constructs/names";

const account = { app: "acme", accountId: "000000000000", region: "eu-west-1" };

describe("state", () => {
  test("the bucket is <app>-tfstate-<account id>, with its default key aliased alias/<app>-tfstate", () => {
    expect(names.stateBucketName("acme", "000000000000")).toBe("acme-tfstate-000000000000");
    expect(names.bucketKeyAlias("acme")).toBe("alias/acme-tfstate");
  });

  test("a stack's state is <stack id>.tfstate, its lock file beside it, encrypted with alias/<app>-<stage>-tfstate", () => {
    expect([names.stateKey("staging"), names.stateLockKey("staging")]).toEqual([
      "staging.tfstate",
      "staging.tfstate.tflock",
    ]);
    expect(names.stateKeyAlias("acme", "staging")).toBe("alias/acme-staging-tfstate");
  });
});

describe("secrets", () => {
  test("a stage's secrets are <app>/<stage>/<name>, encrypted with alias/<app>-<stage>-secrets", () => {
    expect(names.secretPrefix("acme", "staging")).toBe("acme/staging/");
    expect(names.secretName("acme", "staging", "database-url")).toBe("acme/staging/database-url");
    expect(names.secretsKeyAlias("acme", "staging")).toBe("alias/acme-staging-secrets");
  });

  test("ARN patterns cover a stage's secrets, one secret with Secrets Manager's random suffix, and every key", () => {
    expect(names.stageSecretsArnPattern(account, "staging")).toBe(
      "arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/staging/*",
    );
    expect(names.secretArnPattern(account, "staging", "database-url")).toBe(
      "arn:aws:secretsmanager:eu-west-1:000000000000:secret:acme/staging/database-url-??????",
    );
    expect(names.kmsKeysArnPattern(account)).toBe("arn:aws:kms:eu-west-1:000000000000:key/*");
    expect(names.kmsAliasArn(account, "alias/acme-staging-secrets")).toBe(
      "arn:aws:kms:eu-west-1:000000000000:alias/acme-staging-secrets",
    );
  });
});

describe("roles", () => {
  test("each stage has <app>-deploy-<stage>, <app>-plan-<stage> and <app>-fly-<stage>", () => {
    expect([
      names.deployRoleName("acme", "staging"),
      names.planRoleName("acme", "staging"),
      names.flyRoleName("acme", "staging"),
    ]).toEqual(["acme-deploy-staging", "acme-plan-staging", "acme-fly-staging"]);
  });

  test("ARNs of a role and of the account root", () => {
    expect(names.roleArn("000000000000", "acme-deploy-staging")).toBe(
      "arn:aws:iam::000000000000:role/acme-deploy-staging",
    );
    expect(names.accountRootArn("000000000000")).toBe("arn:aws:iam::000000000000:root");
  });

  test("the stage-role patterns match every stage's roles of the app, whatever the stage", () => {
    expect(names.stageRolePatterns(account)).toEqual([
      "arn:aws:iam::000000000000:role/acme-deploy-*",
      "arn:aws:iam::000000000000:role/acme-plan-*",
      "arn:aws:iam::000000000000:role/acme-fly-*",
    ]);
  });
});

describe("GitHub and OIDC", () => {
  test("a stage deploys from the environment named after it and plans behind <stage>-plan", () => {
    expect([names.deployEnvironmentName("staging"), names.planEnvironmentName("staging")]).toEqual([
      "staging",
      "staging-plan",
    ]);
  });

  test("GitHub's OIDC subjects for an environment, pull requests and a branch", () => {
    expect([
      names.githubSubject.environment("example-org/acme-platform", "staging"),
      names.githubSubject.pullRequest("example-org/acme-platform"),
      names.githubSubject.branch("example-org/acme-platform", "main"),
    ]).toEqual([
      "repo:example-org/acme-platform:environment:staging",
      "repo:example-org/acme-platform:pull_request",
      "repo:example-org/acme-platform:ref:refs/heads/main",
    ]);
  });

  test("the OIDC hosts and the audience STS expects", () => {
    expect([names.GITHUB_OIDC_HOST, names.flyOidcHost("example-org"), names.STS_AUDIENCE]).toEqual([
      "token.actions.githubusercontent.com",
      "oidc.fly.io/example-org",
      "sts.amazonaws.com",
    ]);
  });
});

describe("S3 and KMS", () => {
  test("a bucket's and an object's ARN", () => {
    expect(names.bucketArn("acme-tfstate-000000000000")).toBe("arn:aws:s3:::acme-tfstate-000000000000");
    expect(names.objectArn("acme-tfstate-000000000000", "staging.tfstate")).toBe(
      "arn:aws:s3:::acme-tfstate-000000000000/staging.tfstate",
    );
  });

  test("the endpoint KMS sees in kms:ViaService for Secrets Manager and S3", () => {
    expect([names.viaService("secretsmanager", "eu-west-1"), names.viaService("s3", "eu-west-1")]).toEqual([
      "secretsmanager.eu-west-1.amazonaws.com",
      "s3.eu-west-1.amazonaws.com",
    ]);
  });
});
