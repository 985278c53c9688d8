/**
 * Trusted delivery end to end (issue 15), with real Terraform, the real AWS provider, the AWS emulator and the
 * GitHub stand-in: a pull request's plan is reviewed (the sticky comment records its digest and head commit), the
 * deploy plans again, `infra verify-plan --from-pr` compares, and only an equal plan's saved file is applied.
 * An out-of-band change between review and deploy, or a protected destroy the review did not allow, stops the
 * stage before any change.
 */
import { DescribeSecretCommand, SecretsManagerClient, UpdateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terraform } from "../../tools/terraform";
import { EmulatedStage } from "../support/emulated-stage";
import { GitHubApiStandin } from "../support/github-api-standin";
import { runInfra } from "../support/run-infra";

jest.setTimeout(300_000);

describe("plan → review → verify → apply", () => {
  const stage = new EmulatedStage("staging");
  const github = new GitHubApiStandin();
  let env: NodeJS.ProcessEnv;
  let eventDir: string;
  let pr = 0;
  const secrets = () =>
    stage.config.resource.aws_secretsmanager_secret as Record<string, { name: string; description: string }>;

  beforeAll(async () => {
    await stage.start();
    await stage.apply();
    const url = await github.start();
    eventDir = mkdtempSync(join(tmpdir(), "delivery-e2e-"));
    env = {
      ...stage.env(),
      GITHUB_API_URL: url,
      GITHUB_REPOSITORY: "example-org/acme-platform",
      INFRA_NOTIFY_TOKEN: "fake-token-for-standin",
      GITHUB_RUN_ID: "1",
    };
  });
  afterAll(async () => {
    await stage.stop();
    await github.stop();
  });

  /** A pull request at a new head commit, its plan saved and reviewed as plan.yml does. */
  async function reviewedPullRequest(labels: string[] = []): Promise<number> {
    pr += 1;
    const head = String(pr).repeat(40).slice(0, 40);
    github.pulls.set(pr, { headSha: head, labels });
    writeFileSync(
      join(eventDir, "event.json"),
      JSON.stringify({ pull_request: { number: pr, head: { sha: head }, labels: labels.map((name) => ({ name })) } }),
    );
    const planJson = await savedPlan("review");
    const review = await runInfra(["plan-review", planJson, "--stage", "staging", "--github-comment"], {
      ...env,
      GITHUB_EVENT_PATH: join(eventDir, "event.json"),
    });
    expect([review.code, review.stderr]).toEqual([0, ""]);
    return pr;
  }

  async function savedPlan(name: string): Promise<string> {
    await terraform(
      ["plan", "-input=false", "-no-color", "-lock=false", `-out=${name}.tfplan`],
      stage.dir,
      stage.env(),
    );
    const file = join(stage.dir, `${name}.json`);
    writeFileSync(file, await terraform(["show", "-json", `${name}.tfplan`], stage.dir, stage.env()));
    return file;
  }

  const serial = () => JSON.parse(stage.stateText()).serial as number;

  test("the reviewed plan, planned again at deploy, verifies (exit 0) and its saved file applies", async () => {
    const [address, secret] = Object.entries(secrets())[0];
    secret.description = "changed in the pull request";
    stage.writeConfig();
    const number = await reviewedPullRequest();
    const deployPlan = await savedPlan("deploy");
    const verify = await runInfra(["verify-plan", deployPlan, "--stage", "staging", "--from-pr", String(number)], env);
    expect([verify.code, verify.stdout]).toEqual([
      0,
      expect.stringMatching(
        /^The plan is the one reviewed \(the review comment of pull request #1, commit 111111111111\)/,
      ),
    ]);
    await terraform(["apply", "-input=false", "-no-color", "deploy.tfplan"], stage.dir, stage.env());
    const sm = new SecretsManagerClient({
      region: "eu-west-1",
      endpoint: stage.emulator.endpoint,
      credentials: { accessKeyId: "emulator", secretAccessKey: "emulator" },
    });
    expect((await sm.send(new DescribeSecretCommand({ SecretId: secret.name }))).Description).toBe(
      "changed in the pull request",
    );
    expect(address).toBeTruthy();
  });

  test("an out-of-band change between review and deploy: verify exits 4 naming the address, and nothing is applied", async () => {
    const [address, secret] = Object.entries(secrets())[1];
    secret.description = "second pull request";
    stage.writeConfig();
    const number = await reviewedPullRequest();
    const sm = new SecretsManagerClient({
      region: "eu-west-1",
      endpoint: stage.emulator.endpoint,
      credentials: { accessKeyId: "emulator", secretAccessKey: "emulator" },
    });
    await sm.send(
      new UpdateSecretCommand({
        SecretId: Object.values(secrets())[2].name,
        Description: "edited in the console after the review",
      }),
    );
    const before = serial();
    const deployPlan = await savedPlan("deploy");
    const verify = await runInfra(["verify-plan", deployPlan, "--stage", "staging", "--from-pr", String(number)], env);
    expect(verify.code).toBe(4);
    expect(verify.stdout).toContain(`aws_secretsmanager_secret.${Object.keys(secrets())[2]}`);
    expect(verify.stdout).not.toContain("edited in the console after the review");
    expect(serial()).toBe(before);
    expect(address).toBeTruthy();
  });

  test("a new commit after the review: the review describes an older commit, nothing to apply", async () => {
    const number = await reviewedPullRequest();
    github.pulls.set(number, { headSha: "f".repeat(40) });
    const verify = await runInfra(
      ["verify-plan", await savedPlan("deploy"), "--stage", "staging", "--from-pr", String(number)],
      env,
    );
    expect([verify.code, verify.stderr]).toEqual([
      1,
      expect.stringMatching(/describes commit .*, but its last commit is ffffffffffff/),
    ]);
  });

  test("a protected destroy the review did not allow exits 3 at verify; the pull request's label allows it", async () => {
    const [address] = Object.entries(secrets())[3];
    // Removing a secret from the configuration, with everything that refers to it.
    const ref = `aws_secretsmanager_secret.${address}.`;
    delete secrets()[address];
    for (const byName of Object.values(stage.config.resource as Record<string, Record<string, unknown>>)) {
      for (const [name, body] of Object.entries(byName)) if (JSON.stringify(body).includes(ref)) delete byName[name];
    }
    for (const output of Object.values((stage.config.output ?? {}) as Record<string, { value: unknown }>)) {
      if (output.value && typeof output.value === "object") {
        for (const [k, v] of Object.entries(output.value as Record<string, unknown>))
          if (JSON.stringify(v).includes(ref)) delete (output.value as Record<string, unknown>)[k];
      }
    }
    stage.writeConfig();
    const number = await reviewedPullRequest();
    const denied = await runInfra(
      ["verify-plan", await savedPlan("deploy"), "--stage", "staging", "--from-pr", String(number)],
      env,
    );
    expect([denied.code, denied.stdout]).toEqual([3, expect.stringContaining(`aws_secretsmanager_secret.${address}`)]);
    const allowed = await reviewedPullRequest(["allow-protected-destroy:staging"]);
    const verify = await runInfra(
      ["verify-plan", await savedPlan("deploy"), "--stage", "staging", "--from-pr", String(allowed)],
      env,
    );
    expect(verify.code).toBe(0);
    expect(readFileSync(join(stage.dir, "deploy.json"), "utf8")).toContain(address);
  });
});
