/**
 * Drift end to end, with the real AWS provider and real `terraform plan -refresh-only` against the local AWS
 * emulator: apply staging's AWS resources, change some out of band (a secret's description, a tag, another
 * secret re-pointed at a different KMS key), `infra drift` exits 2 naming them with their severity; put them back
 * and it exits 0. An
 * outputs-only refresh is not drift. The drift issue is created once, left alone when nothing changed, commented
 * when the drifted set changes, and closed when drift is gone (against a local GitHub API stand-in).
 */
import { code as codeHtml } from "../../tools/plan/render-markdown";
import {
  DescribeSecretCommand,
  SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
} from "@aws-sdk/client-secrets-manager";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readPlanEvents } from "../../tools/drift/run-drift";
import { terraform } from "../../tools/terraform";
import { EmulatedStage } from "../support/emulated-stage";
import { GitHubApiStandin } from "../support/github-api-standin";
import { runInfra } from "../support/run-infra";

jest.setTimeout(180000);

describe("infra drift against emulated AWS", () => {
  const stage = new EmulatedStage("staging");
  const github = new GitHubApiStandin();
  let sm: SecretsManagerClient;
  let env: NodeJS.ProcessEnv;
  const SECRET = "acme/staging/database-url";
  let originalDescription = "";

  const drift = (...extra: string[]) => runInfra(["drift", "staging", "--stacks-dir", stage.stacksDir, ...extra], env);
  const driftJson = async (...extra: string[]) => {
    const result = await drift("--format", "json", ...extra);
    return {
      code: result.code,
      stderr: result.stderr,
      report: result.stdout ? JSON.parse(result.stdout).reports[0] : undefined,
    };
  };
  const SECURITY_SECRET = "acme/staging/redis-url";
  const ROGUE_KEY = "arn:aws:kms:eu-west-1:000000000000:key/00000000-0000-0000-0000-00000000dead";
  let originalKeyId = "";
  /** A refresh-only plan run here directly: what `plan -json` announced and what `show -json` lists. */
  const probePlan = async () => {
    const events = readPlanEvents(
      await terraform(
        ["plan", "-refresh-only", "-input=false", "-lock=false", "-json", "-out", "probe.tfplan"],
        stage.dir,
        stage.env(),
      ),
    );
    const shownText = await terraform(["show", "-json", "probe.tfplan"], stage.dir, stage.env());
    rmSync(join(stage.dir, "probe.tfplan"));
    return { events, shownText };
  };

  const driftedPlanJson = () => join(stage.root, "drifted.json");

  beforeAll(async () => {
    await stage.start();
    await stage.apply();
    sm = new SecretsManagerClient({
      region: "eu-west-1",
      endpoint: stage.emulator.endpoint,
      credentials: { accessKeyId: "emulator", secretAccessKey: "emulator" },
    });
    originalDescription = (await sm.send(new DescribeSecretCommand({ SecretId: SECRET }))).Description!;
    originalKeyId = (await sm.send(new DescribeSecretCommand({ SecretId: SECURITY_SECRET }))).KmsKeyId!;
    const url = await github.start();
    env = {
      ...stage.env(),
      GITHUB_API_URL: url,
      GITHUB_REPOSITORY: "example-org/acme-platform",
      INFRA_NOTIFY_TOKEN: "fake-token-for-standin",
    };
  });
  afterAll(async () => {
    await stage.stop();
    await github.stop();
  });

  test("a freshly applied stage has no drift and nothing pending (exit 0)", async () => {
    const { code, report } = await driftJson("--include-pending");
    expect(code).toBe(0);
    expect(report).toEqual({
      stage: "staging",
      drifted: false,
      summary: "no drift",
      resources: [],
      outputsChanged: [],
      ignored: expect.any(Array),
      ignoreErrors: [],
      pending: { add: 0, change: 0, destroy: 0, addresses: [] },
      staleConsumers: [],
    });
    // No blind `apply -refresh-only` after the apply: the secrets' `policy` (set by their policy resources) is
    // listed as expected drift with the platform's reason, and counted nowhere.
    expect(report.ignored.length).toBeGreaterThan(0);
    expect(new Set(report.ignored.map((i: any) => `${i.path} ${i.source}`))).toEqual(new Set(["policy platform"]));
  });

  test("an outputs-only refresh plan is not drift", async () => {
    const original = structuredClone(stage.config);
    stage.config.output = { ...stage.config.output, drift_probe: { value: "only an output changed" } };
    stage.writeConfig();
    try {
      const { code, report } = await driftJson();
      expect(readdirSync(stage.dir).filter((f) => f.endsWith(".tfplan"))).toEqual([]); // no saved plan left behind
      const { events, shownText } = await probePlan();
      const shown = JSON.parse(shownText);
      expect(Object.keys(shown.output_changes)).toContain("drift_probe");
      expect([code, report.drifted]).toEqual([0, false]);
      // The only resource drift is the platform's expected one; the full plan JSON gives the same report.
      expect(events).toEqual({ drifted: (shown.resource_drift ?? []).length, changes: 0, errors: [] });
      const planJsonFile = join(stage.root, "probe.json");
      writeFileSync(planJsonFile, shownText);
      const fromJson = await runInfra(["drift", "--plan-json", planJsonFile, "--stage", "staging", "--format", "json"]);
      // The full plan JSON names the changed output; "no drift" then says so.
      expect(JSON.parse(fromJson.stdout).reports[0]).toEqual({ ...report, outputsChanged: ["drift_probe"] });
      const markdown = await runInfra(["drift", "--plan-json", planJsonFile, "--stage", "staging"]);
      expect(markdown.stdout).toMatch(
        /No drift: every resource matches the last applied state\. Outputs changed on refresh \(not drift of a resource\): <code>drift&#95;probe<\/code>\./,
      );
    } finally {
      stage.config = original;
      stage.writeConfig();
    }
  });

  test("out-of-band changes exit 2, naming each resource and attribute with its severity, most severe first", async () => {
    await sm.send(new UpdateSecretCommand({ SecretId: SECRET, Description: "changed in the console" }));
    await sm.send(new TagResourceCommand({ SecretId: SECRET, Tags: [{ Key: "owner", Value: "someone" }] }));
    await sm.send(new UpdateSecretCommand({ SecretId: SECURITY_SECRET, KmsKeyId: ROGUE_KEY }));

    const { code, report } = await driftJson();
    expect(code).toBe(2);
    expect(report.drifted).toBe(true);
    const summary = report.resources.map((r: any) => [
      r.address.replace(/_[0-9A-F]{8}$/, ""),
      r.severity,
      r.findings.map((f: any) => `${f.path}:${f.severity}`),
    ]);
    expect(summary).toEqual([
      ["aws_secretsmanager_secret.secrets_secret-redis-url", "security", ["kms_key_id:security"]],
      [
        "aws_secretsmanager_secret.secrets_secret-database-url",
        "cosmetic",
        ["description:cosmetic", "tags.owner:cosmetic", "tags_all.owner:cosmetic"],
      ],
    ]);
    const description = report.resources[1].findings.find((f: any) => f.path === "description");
    expect(report.resources[0].findings[0].after).toBe(ROGUE_KEY);
    expect([description.before, description.after]).toEqual([originalDescription, "changed in the console"]);

    // `plan -json` announces exactly the drifted resources `show -json` lists (what decides whether show runs).
    const { events, shownText } = await probePlan();
    expect(events.drifted).toBe(JSON.parse(shownText).resource_drift.length);
    // The same drift as plan JSON, for the markdown test below, which needs no new plan (each costs terraform ~10 s).
    writeFileSync(driftedPlanJson(), shownText);
  });

  test("the markdown report says the same for people", async () => {
    const { code, stdout } = await runInfra(["drift", "--plan-json", driftedPlanJson(), "--stage", "staging"], env);
    expect(code).toBe(2);
    expect(stdout).toContain("**2 drifted: 1 security, 1 cosmetic**");
    expect(stdout).toMatch(
      /### 🔴 security <code>aws&#95;secretsmanager&#95;secret\.secrets&#95;secret-redis-url&#95;[0-9A-F]{8}<\/code>/,
    );
    expect(stdout).toContain(
      `| ${codeHtml("kms_key_id")} | security | ${codeHtml(`"${originalKeyId}"`)} | ${codeHtml(`"${ROGUE_KEY}"`)} |`,
    );
    expect(stdout).toContain(`| ${codeHtml("tags.owner")} | cosmetic | — | ${codeHtml('"someone"')} |`);
    expect(stdout).toContain("- Revert: `cdktf deploy staging` puts the last applied configuration back");
  });

  test("--github-issue opens one issue; running again with the same drift changes nothing on GitHub", async () => {
    expect((await drift("--github-issue")).code).toBe(2);
    expect(github.issues).toEqual([
      expect.objectContaining({ title: "Drift detected: staging", state: "open", labels: ["drift"] }),
    ]);
    const writes = () => github.requests.filter((r) => !r.startsWith("GET"));
    const before = writes().length;
    const bodyBefore = github.issues[0].body;
    // Live both times: the issue also names who changed each resource (CloudTrail), which plan JSON cannot.
    expect((await drift("--github-issue")).code).toBe(2);
    expect(writes().length).toBe(before);
    expect(github.issues[0].body).toBe(bodyBefore);
    expect(github.comments).toEqual([]);
  });

  test("a change in the set of drifted resources updates the body and adds one comment", async () => {
    await sm.send(new UpdateSecretCommand({ SecretId: "acme/staging/crm-api-key", Description: "also changed" }));
    expect((await drift("--github-issue")).code).toBe(2);
    expect(github.issues).toHaveLength(1);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body).toMatch(
      // Addresses are written inside <code> with markdown's characters as entities (`_` is &#95;).
      /now drifted: <code>aws&#95;secretsmanager&#95;secret\.secrets&#95;secret-crm-api-key&#95;[0-9A-F]{8}<\/code>/,
    );
    expect(github.issues[0].body).toContain("secrets_secret-crm-api-key");
  });

  test("putting everything back exits 0 and closes the issue with a comment", async () => {
    await sm.send(new UpdateSecretCommand({ SecretId: SECRET, Description: originalDescription }));
    await sm.send(new UntagResourceCommand({ SecretId: SECRET, TagKeys: ["owner"] }));
    await sm.send(
      new UpdateSecretCommand({
        SecretId: "acme/staging/crm-api-key",
        Description: "API key of the CRM the product syncs contacts to",
      }),
    );
    await sm.send(new UpdateSecretCommand({ SecretId: SECURITY_SECRET, KmsKeyId: originalKeyId }));
    const result = await drift("--github-issue");
    expect(result.code).toBe(0);
    expect(github.issues[0].state).toBe("closed");
    expect(github.comments.at(-1)!.body).toMatch(/Drift is gone: staging matches its last applied state again/);
  });

  test("--include-pending also reports configuration not yet applied, which is not drift", async () => {
    const original = structuredClone(stage.config);
    const [address] = Object.keys(stage.config.resource.aws_secretsmanager_secret).filter((a) =>
      a.includes("crm-api-key"),
    );
    stage.config.resource.aws_secretsmanager_secret[address].description = "CRM API key (new wording, not applied yet)";
    stage.writeConfig();
    try {
      const { code, report } = await driftJson("--include-pending");
      expect(code).toBe(0);
      expect(report.drifted).toBe(false);
      expect(report.pending).toEqual({
        add: 0,
        change: 1,
        destroy: 0,
        addresses: [`aws_secretsmanager_secret.${address}`],
      });
    } finally {
      stage.config = original;
      stage.writeConfig();
    }
  });

  test("a plan that fails is an error (exit 1) with terraform's diagnostic, not its JSON messages", async () => {
    const original = structuredClone(stage.config);
    stage.config.output = { ...stage.config.output, broken: { value: "${aws_s3_bucket.missing.arn}" } };
    stage.writeConfig();
    try {
      const result = await drift("--format", "json");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/staging: terraform plan .* failed \(exit 1\)/);
      expect(result.stderr).toContain(
        'Reference to undeclared resource: A managed resource "aws_s3_bucket" "missing" has not been declared',
      );
      expect(result.stderr).not.toContain('"@level"');
      expect(JSON.parse(result.stdout).errors).toHaveLength(1);
    } finally {
      stage.config = original;
      stage.writeConfig();
    }
  });

  test("an unsynthesized stage is an error (exit 1) that says to synthesize", async () => {
    const result = await runInfra(["drift", "production", "--stacks-dir", stage.stacksDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no synthesized stack for "production" .* run `npx cdktf synth` first/);
  });
});
