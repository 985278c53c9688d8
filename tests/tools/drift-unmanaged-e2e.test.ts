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

describe("infra drift staging --unmanaged against the stand-ins", () => {
  const stage = new EmulatedStage("staging");
  const github = new GitHubApiStandin();
  const cloudflare = new CloudflareApiStandin();
  const vercel = new VercelApiStandin();
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await stage.start();
    await stage.apply();
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
    await stage.stop();
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
