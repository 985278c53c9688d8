/**
 * `infra drift staging --unmanaged` end to end (issue 18): the stage applied with real Terraform to the AWS
 * emulator, and stand-ins for GitHub, Cloudflare and Vercel holding the stage's declared things plus planted
 * extras. The run lists exactly the planted extras with their severity; the drift issue names who changed the
 * drifted secret (CloudTrail LookupEvents against the emulator).
 */
import { CreateSecretCommand, SecretsManagerClient, UpdateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { EmulatedStage } from "../support/emulated-stage";
import { CloudflareApiStandin } from "../support/cloudflare-api-standin";
import { GitHubApiStandin } from "../support/github-api-standin";
import { VercelApiStandin } from "../support/vercel-api-standin";
import { runInfra } from "../support/run-infra";

jest.setTimeout(300_000);
const ZONE = "0".repeat(32);

/** One stage applied once (each start and apply costs terraform about 25 s) for both halves below. */
describe("drift of an applied stage, beyond its own resources", () => {
  const stage = new EmulatedStage("staging");

  beforeAll(async () => {
    await stage.start();
    await stage.apply();
  });
  afterAll(async () => {
    await stage.stop();
  });

  describe("infra drift staging --unmanaged against the stand-ins", () => {
    const github = new GitHubApiStandin();
    const cloudflare = new CloudflareApiStandin();
    const vercel = new VercelApiStandin();
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      const mallory = new SecretsManagerClient({
        region: "eu-west-1",
        endpoint: stage.emulator.endpoint,
        credentials: { accessKeyId: "mallory-key", secretAccessKey: "fake" },
      });
      await mallory.send(new CreateSecretCommand({ Name: "acme/staging/planted-by-hand" }));
      const declared = Object.values(
        stage.config.resource.aws_secretsmanager_secret as Record<string, { name: string }>,
      )[0].name;
      await mallory.send(new UpdateSecretCommand({ SecretId: declared, Description: "changed by mallory" }));

      github.environmentSecrets.push(
        { environment: "staging", name: "ERROR_TRACKING_AUTH_TOKEN", encryptedValue: "x", keyId: "k" },
        { environment: "staging", name: "PLANTED_TOKEN", encryptedValue: "x", keyId: "k" },
      );
      github.throttleOnce.add("GET /repos/example-org/acme-platform/environments/staging/secrets");
      cloudflare.dnsRecords.push(
        {
          id: "r3",
          zoneId: ZONE,
          name: "old.staging.example.com",
          type: "CNAME",
          content: "abandoned-app.herokudns.com",
        },
        { id: "r5", zoneId: ZONE, name: "www.elsewhere.example.com", type: "CNAME", content: "cname.vercel-dns.com" },
      );
      vercel.envs.set("acme-web-staging", [{ key: "LEAKED_KEY", type: "encrypted", target: ["preview"] }]);
      vercel.domains.set("acme-web-staging", ["hijack.example.net"]);
      const [githubUrl, cloudflareUrl] = [await github.start(), await cloudflare.start()];
      await vercel.start();
      env = {
        ...stage.env(),
        GITHUB_API_URL: githubUrl,
        GITHUB_REPOSITORY: "example-org/acme-platform",
        GITHUB_TOKEN: "fake-read-token",
        INFRA_NOTIFY_TOKEN: "fake-token-for-standin",
        CLOUDFLARE_API_TOKEN: "fake-read-token",
        CLOUDFLARE_BASE_URL: cloudflareUrl,
        VERCEL_API_TOKEN: "fake-read-token",
        VERCEL_API_URL: vercel.url,
      };
    });
    afterAll(async () => {
      await Promise.all([github.stop(), cloudflare.stop(), vercel.stop()]);
    });

    test("lists exactly the planted extras, each once, with its severity; the drifted secret's changer is named", async () => {
      const result = await runInfra(
        ["drift", "staging", "--stacks-dir", stage.stacksDir, "--unmanaged", "--format", "json"],
        env,
      );
      expect(result.code).toBe(2);
      const [report] = JSON.parse(result.stdout).reports;
      expect(report.unmanaged.findings.map((f: any) => [f.kind, f.name, f.severity]).sort()).toEqual([
        ["dns-record", "old.staging.example.com CNAME abandoned-app.herokudns.com", "security"],
        ["github-secret", "PLANTED_TOKEN", "security"],
        ["secret", "acme/staging/planted-by-hand", "security"],
        ["vercel-domain", "hijack.example.net", "security"],
        ["vercel-env", "LEAKED_KEY (encrypted, preview)", "security"],
      ]);
      expect(report.unmanaged.notScanned).toEqual([]);
      expect(report.summary).toMatch(/1 drifted: 1 cosmetic; 5 unmanaged/);
      expect(report.resources[0].trail.events[0]).toMatchObject({
        who: "arn:aws:iam::000000000000:user/mallory-key",
        event: "UpdateSecret",
      });
    });

    test("the drift issue groups by severity, opens with the summary line and names the principal", async () => {
      const result = await runInfra(
        ["drift", "staging", "--stacks-dir", stage.stacksDir, "--unmanaged", "--github-issue"],
        env,
      );
      expect(result.code).toBe(2);
      const body = github.issues[0].body;
      expect(body.split("\n").slice(0, 3)).toEqual(["## Drift: staging", "", "**1 drifted: 1 cosmetic; 5 unmanaged**"]);
      expect(body).toContain("user/mallory-key");
      expect(body).toContain("### Not declared by any stack (5)");
      expect(body).toContain("## ⚪ cosmetic (1)");
    });
  });

  describe("drift.ignore end to end (real terraform refresh against the emulator, the drift command in-process)", () => {
    const environments = require("../../environments") as typeof import("../../environments");
    let secretAddress = "";

    beforeAll(async () => {
      const [address, secret] = Object.entries(
        stage.config.resource.aws_secretsmanager_secret as Record<string, { name: string }>,
      )[0];
      secretAddress = `aws_secretsmanager_secret.${address}`;
      const sm = new SecretsManagerClient({
        region: "eu-west-1",
        endpoint: stage.emulator.endpoint,
        credentials: { accessKeyId: "console-user", secretAccessKey: "fake" },
      });
      await sm.send(new UpdateSecretCommand({ SecretId: secret.name, Description: "edited by the runbook" }));
    });
    afterAll(() => {
      jest.restoreAllMocks();
    });

    /** Runs `infra drift staging` in-process with the given drift.ignore entries in staging's config. */
    async function driftWith(
      ignore: Array<{ address: string; attributes?: string[]; reason: string; expires: string }>,
    ) {
      const real = environments.getStage("staging");
      jest
        .spyOn(environments, "getStage")
        .mockImplementation((name: string) =>
          name === "staging" ? { ...real, drift: { ignore } } : environments.STAGES[name],
        );
      const { runDriftCommand } = await import("../../tools/drift/drift-command");
      const out: string[] = [];
      const err: string[] = [];
      const write = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
      const writeErr = jest
        .spyOn(process.stderr, "write")
        .mockImplementation((chunk) => (err.push(String(chunk)), true));
      // terraform runs with this process's environment: point it at the emulator for the run.
      const saved = { ...process.env };
      Object.assign(process.env, stage.env());
      try {
        const code = await runDriftCommand(
          ["staging"],
          { format: "json", includePending: false, githubIssue: false, parallel: 1, stacksDir: stage.stacksDir },
          stage.env(),
        );
        return { code, report: JSON.parse(out.join("")).reports[0], stderr: err.join("") };
      } finally {
        write.mockRestore();
        writeErr.mockRestore();
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    }

    test("without an entry the edit is drift (exit 2); an entry silences exactly it (exit 0), listed as expected", async () => {
      expect((await driftWith([])).code).toBe(2);
      const entry = {
        address: secretAddress,
        attributes: ["description"],
        reason: "the support runbook edits this description on purpose",
        expires: "2099-12-31",
      };
      const { code, report } = await driftWith([entry]);
      expect(code).toBe(0);
      expect(report.ignored.filter((i: any) => i.source === "config")).toEqual([
        { address: secretAddress, path: "description", reason: entry.reason, source: "config" },
      ]);
    });

    test("an expired or unused entry fails the run naming it", async () => {
      const expired = {
        address: secretAddress,
        attributes: ["description"],
        reason: "the support runbook edits this description on purpose",
        expires: "2020-01-01",
      };
      const unused = {
        address: "aws_kms_key.none",
        attributes: ["description"],
        reason: "an entry whose drift is long gone, kept by mistake",
        expires: "2099-12-31",
      };
      const { code, stderr } = await driftWith([expired, unused]);
      expect(code).toBe(1);
      expect(stderr).toContain(`staging.drift.ignore.0 (${secretAddress}) expired on 2020-01-01`);
      expect(stderr).toContain("staging.drift.ignore.1 (aws_kms_key.none description) matched no drift");
    });
  });
});
