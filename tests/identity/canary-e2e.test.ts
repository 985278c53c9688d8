/**
 * No secret value in any Terraform state, saved plan or output, end to end with real Terraform and the real AWS
 * provider against the AWS emulator. Production (every kind of consumer: Vercel, GitHub, Cloudflare, Fly) deploys
 * as a new stage does: keys (bootstrap), then the stage with consumers unwired; a canary value is set for every
 * secret through `infra secrets set`; GitHub and Cloudflare are synced through their stand-ins; the consumers are
 * wired and applied; a saved plan is made. No canary may appear in any command's output, the state, the saved plan
 * (`terraform show -json` and the plan file's own entries) or any file of the working directory, while each value
 * does reach its consumer: sealed for GitHub (opened here with the environment's key), as the URL for Cloudflare.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { getStage } from "../../environments";
import { terraform, runTerraform } from "../../tools/terraform";
import { canaryValue } from "../fixtures/fake-secret-values";
import { CloudflareApiStandin } from "../support/cloudflare-api-standin";
import { EmulatedStage } from "../support/emulated-stage";
import { GitHubApiStandin } from "../support/github-api-standin";
import { runInfra } from "../support/run-infra";

jest.setTimeout(240000);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat || name === "providers") return [];
    return stat.isDirectory() ? filesUnder(path) : [path];
  });
}

describe("no secret value in state, saved plans or output (canaries, production)", () => {
  const config = getStage("production");
  const stage = new EmulatedStage("production");
  const github = new GitHubApiStandin();
  const cloudflare = new CloudflareApiStandin();
  const canaries = config.secrets.map((s) => canaryValue(s.name));
  const outputs: string[] = [];
  let env: NodeJS.ProcessEnv;
  const infra = async (args: string[], input = "") => {
    const result = await runInfra(args, env, input);
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  beforeAll(async () => {
    await stage.start(false);
    outputs.push(await stage.apply());
    env = {
      ...stage.env(),
      GITHUB_API_URL: await github.start(),
      GITHUB_TOKEN: "fake-token-for-standin",
      CLOUDFLARE_BASE_URL: await cloudflare.start(),
      CLOUDFLARE_API_TOKEN: "fake-token-for-standin",
    };
    for (const secret of config.secrets)
      expect((await infra(["secrets", "set", "production", secret.name], `${canaryValue(secret.name)}\n`)).code).toBe(
        0,
      );
  });
  afterAll(async () => {
    await stage.stop();
    await github.stop();
    await cloudflare.stop();
  });

  test("sync-github seals each GitHub-consumed value for the environment's key; GitHub can open it", async () => {
    const result = await infra(["secrets", "sync-github", "production", "--format", "json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).results).toEqual([
      {
        secret: "error-tracking-auth-token",
        destination: "example-org/acme-platform environment production secret ERROR_TRACKING_AUTH_TOKEN",
        action: "created",
      },
    ]);
    expect(github.openSecret("production", "ERROR_TRACKING_AUTH_TOKEN")).toBe(canaryValue("error-tracking-auth-token"));
    expect(github.environmentSecrets[0].encryptedValue).not.toContain(canaryValue("error-tracking-auth-token"));
  });

  test("sync-cloudflare creates the webhook destination with the URL and records its id on the secret", async () => {
    const result = await infra(["secrets", "sync-cloudflare", "production"]);
    expect([result.code, result.stdout]).toEqual([
      0,
      "incident-webhook-url → Cloudflare webhook destination acme-production-incident-channel: created\n",
    ]);
    expect(cloudflare.webhooks).toEqual([
      expect.objectContaining({ name: "acme-production-incident-channel", url: canaryValue("incident-webhook-url") }),
    ]);
    const tags = stage.emulator.secret("acme/production/incident-webhook-url").tags;
    expect(tags.get("cloudflare-webhook-id")).toBe(cloudflare.webhooks[0].id);
  });

  test("a second sync sends nothing: the digest of version and destination is already recorded", async () => {
    const before = [github.requests.length, cloudflare.requests.length];
    expect((await infra(["secrets", "sync-github", "production"])).stdout).toMatch(/: unchanged\n$/);
    expect((await infra(["secrets", "sync-cloudflare", "production"])).stdout).toMatch(/: unchanged\n$/);
    expect(github.requests.slice(before[0]).filter((r) => r.startsWith("PUT"))).toEqual([]);
    expect(cloudflare.requests.slice(before[1]).filter((r) => !r.startsWith("GET"))).toEqual([]);
  });

  test("a rotated value is delivered once: a new version makes a new digest", async () => {
    expect(
      (
        await infra(
          ["secrets", "set", "production", "error-tracking-auth-token"],
          `${canaryValue("error-tracking-auth-token")}-v2\n`,
        )
      ).code,
    ).toBe(0);
    canaries.push(`${canaryValue("error-tracking-auth-token")}-v2`);
    expect((await infra(["secrets", "sync-github", "production"])).stdout).toMatch(
      /ERROR_TRACKING_AUTH_TOKEN: updated\n$/,
    );
    expect(github.openSecret("production", "ERROR_TRACKING_AUTH_TOKEN")).toBe(
      `${canaryValue("error-tracking-auth-token")}-v2`,
    );
  });

  test("wiring the consumers applies (Vercel reads ephemerally, the alert policy reads the webhook id), and a plan after the syncs changes nothing", async () => {
    stage.useConfig(true);
    expect(Object.keys(stage.config.data.aws_secretsmanager_secret)).toHaveLength(1); // the webhook's metadata
    outputs.push(await stage.apply());
    const plan = await runTerraform(
      ["plan", "-detailed-exitcode", "-input=false", "-no-color"],
      stage.dir,
      stage.env(),
    );
    outputs.push(plan.stdout, plan.stderr);
    expect(plan.code).toBe(0); // the tags the syncs wrote are ignored, not "corrected"
  });

  test("no canary in the state, a saved plan (show -json and the plan file's entries), any output or any file", async () => {
    outputs.push(await terraform(["plan", "-input=false", "-no-color", "-out=canary.tfplan"], stage.dir, stage.env()));
    const shown = await terraform(["show", "-json", "canary.tfplan"], stage.dir, stage.env());
    const entries = execFileSync("unzip", ["-p", join(stage.dir, "canary.tfplan")], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString("latin1");
    expect(entries.length).toBeGreaterThan(1000);
    const texts = {
      state: stage.stateText(),
      "saved plan (show -json)": shown,
      "saved plan (file entries)": entries,
      outputs: outputs.join("\n"),
    };
    const found = Object.entries(texts).flatMap(([where, text]) =>
      canaries.filter((c) => text.includes(c)).map((c) => `${c} in ${where}`),
    );
    for (const file of filesUnder(stage.root)) {
      const text = readFileSync(file).toString("latin1");
      found.push(...canaries.filter((c) => text.includes(c)).map((c) => `${c} in ${file}`));
    }
    expect(found).toEqual([]);
    // ...and the test can see one: the emulator really holds the values.
    expect(stage.emulator.secret("acme/production/database-url").versions[0].value).toBe(canaryValue("database-url"));
  });
});
