/**
 * The app's stacks: fixed ids and state keys (renaming either orphans state), providers configured from config
 * with no credentials, the S3 backend, whole-stage snapshots, and no credential-shaped value anywhere.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { findCredentials } from "../../environments/credential-detector";
import { STAGE_NAMES } from "../../environments";
import { terraformEnv } from "../../tools/terraform";
import { maskVolatile, synthBootstrap, synthStage } from "../support/synth";

const ROOT = resolve(__dirname, "../..");

describe("stack ids and state keys", () => {
  test("cdktf list prints exactly development, staging, production and bootstrap", () => {
    const out = execFileSync("npx", ["cdktf", "list"], { cwd: ROOT, encoding: "utf8", env: terraformEnv() });
    // Only the table rows (`<name>  cdktf.out/stacks/<name>`): npm and terraform may print warnings around it.
    const names = [...out.matchAll(/^(\S+)\s+cdktf\.out\/stacks\/(\S+)$/gm)]
      .filter((m) => m[1] === m[2])
      .map((m) => m[1]);
    expect(names.sort()).toEqual(["bootstrap", "development", "production", "staging"]);
  }, 60000);

  test.each(STAGE_NAMES)(
    "%s uses the S3 backend with key <stage>.tfstate, encrypted with its own stage's state key, with a lock file",
    (stage) => {
      const backend = synthStage(stage).terraform.backend.s3;
      expect(backend).toEqual({
        bucket: "acme-tfstate-000000000000",
        key: `${stage}.tfstate`,
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: `arn:aws:kms:eu-west-1:000000000000:alias/acme-${stage}-tfstate`,
        use_lockfile: true,
      });
    },
  );

  test("bootstrap keeps its state in a path relative to the project, not the machine that ran synth", () => {
    expect(synthBootstrap().terraform.backend).toEqual({ local: { path: "../../../terraform.bootstrap.tfstate" } });
  });

  test("throws when a stage stack's id differs from its stage name", () => {
    const { Testing } = require("cdktf");
    const { EnvironmentStack } = require("../../stacks/environment-stack");
    const { getStage } = require("../../environments");
    expect(() => new EnvironmentStack(Testing.app(), "prod", { stage: getStage("production") })).toThrow(
      /EnvironmentStack id "prod" must equal the stage name "production"/,
    );
  });
});

describe("providers", () => {
  test.each(STAGE_NAMES)("%s pins the AWS provider to its account and region with default tags", (stage) => {
    const aws = synthStage(stage).provider.aws[0];
    expect(aws).toEqual({
      region: "eu-west-1",
      allowed_account_ids: ["000000000000"],
      default_tags: [{ tags: { app: "acme", stage, "managed-by": "platform-infra" } }],
    });
  });

  test("Cloudflare and GitHub providers carry no token: they read CLOUDFLARE_API_TOKEN / GITHUB_TOKEN at apply time", () => {
    const providers = synthStage("production").provider;
    expect(providers.cloudflare[0]).toEqual({});
    expect(providers.github[0]).toEqual({ owner: "example-org" });
  });

  test.each([...STAGE_NAMES, "bootstrap"] as const)(
    "%s requires terraform >= 1.11 (write-only arguments and ephemeral resources)",
    (stack) => {
      expect((stack === "bootstrap" ? synthBootstrap() : synthStage(stack)).terraform.required_version).toBe(">= 1.11");
    },
  );

  test("provider versions are pinned exactly", () => {
    const required = synthStage("staging").terraform.required_providers;
    expect(required.aws).toEqual({ source: "aws", version: "5.100.0" });
    expect(required.cloudflare).toEqual({ source: "cloudflare/cloudflare", version: "5.14.0" });
    expect(required.github).toEqual({ source: "integrations/github", version: "6.9.0" });
  });
});

describe("no credentials in synthesized Terraform", () => {
  test.each([...STAGE_NAMES, "bootstrap"] as const)("%s holds no credential-shaped value", (stack) => {
    const json = stack === "bootstrap" ? synthBootstrap() : synthStage(stack);
    expect(findCredentials(json)).toEqual([]);
  });
});

describe("stage snapshots (volatile values masked; update with npm run test:update-snapshots)", () => {
  test.each(STAGE_NAMES)("%s", (stage) => {
    expect(maskVolatile(synthStage(stage))).toMatchSnapshot();
  });

  test("bootstrap", () => {
    expect(maskVolatile(synthBootstrap())).toMatchSnapshot();
  });
});
