/**
 * The scanners behind `infra drift --unmanaged`, each against a stand-in speaking its platform's API (the AWS
 * emulator, the GitHub, Cloudflare and Vercel stand-ins), with more than one page of results and one 429 each:
 * exactly the planted extras are found, with their severity; declared things never are. And the audit trail: the
 * emulator records the calls that changed a secret, and CloudTrail's LookupEvents names the principal.
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { IAMClient } from "@aws-sdk/client-iam";
import { CreateSecretCommand, SecretsManagerClient, UpdateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import Cloudflare from "cloudflare";
import { cloudflareAuditEvents, cloudTrailEvents } from "../../tools/drift/audit-trail";
import { unmanagedDns, unmanagedGitHub, unmanagedRoles, unmanagedSecrets } from "../../tools/drift/unmanaged/scanners";
import { AwsEmulator } from "../support/aws-emulator";
import { CloudflareApiStandin } from "../support/cloudflare-api-standin";
import { GitHubApiStandin } from "../support/github-api-standin";
import { VercelApiStandin } from "../support/vercel-api-standin";

const ZONE = "0".repeat(32);
const ACCOUNT = "1".repeat(32);

describe("AWS: secrets under the stage prefix, IAM roles, CloudTrail", () => {
  const emulator = new AwsEmulator();
  let sm: SecretsManagerClient;
  const credentials = { accessKeyId: "mallory-key", secretAccessKey: "fake" };

  beforeAll(async () => {
    const endpoint = await emulator.start();
    sm = new SecretsManagerClient({ region: "eu-west-1", endpoint, credentials });
    // 105 declared secrets (more than one page of 100), one planted extra, one of another stage.
    for (let i = 0; i < 105; i++)
      await sm.send(new CreateSecretCommand({ Name: `acme/staging/declared-${String(i).padStart(3, "0")}` }));
    await sm.send(new CreateSecretCommand({ Name: "acme/staging/planted-by-hand" }));
    await sm.send(new CreateSecretCommand({ Name: "acme/staging-eu/other-stage" }));
  });
  afterAll(() => emulator.stop());

  test("finds exactly the secret under acme/staging/ that the state does not hold, across pages", async () => {
    const declared = new Set(
      Array.from({ length: 105 }, (_, i) => `acme/staging/declared-${String(i).padStart(3, "0")}`),
    );
    const found = await unmanagedSecrets(sm, "acme/staging/", declared, "staging");
    expect(found.map((f) => [f.name, f.severity])).toEqual([["acme/staging/planted-by-hand", "security"]]);
    expect(found[0].remove).toBe(
      "aws secretsmanager delete-secret --secret-id 'acme/staging/planted-by-hand' --recovery-window-in-days 30",
    );
    expect(emulator.calls.filter((c) => c === "secretsmanager.ListSecrets").length).toBeGreaterThan(1);
  });

  test("finds IAM roles named acme-* that bootstrap does not declare, and no other", async () => {
    const iam = new IAMClient({ region: "eu-west-1", endpoint: emulator.endpoint, credentials });
    for (const name of ["acme-deploy-staging", "acme-backdoor", "other-app-role"]) {
      emulator.roles.set(name, {
        name,
        arn: `arn:aws:iam::000000000000:role/${name}`,
        roleId: `AROA${name.length}`,
        assumeRolePolicy: "{}",
        description: "",
        maxSessionDuration: 3600,
        tags: new Map(),
        created: "2026-01-01T00:00:00Z",
        inlinePolicies: new Map(),
      });
    }
    const found = await unmanagedRoles(iam, "acme", new Set(["acme-deploy-staging"]));
    expect(found.map((f) => [f.name, f.severity])).toEqual([["acme-backdoor", "security"]]);
  });

  test("CloudTrail names who changed a secret, when, with what call and from where", async () => {
    await sm.send(new UpdateSecretCommand({ SecretId: "acme/staging/declared-001", Description: "changed by hand" }));
    const trail = await cloudTrailEvents(
      new CloudTrailClient({ region: "eu-west-1", endpoint: emulator.endpoint, credentials }),
      ["acme/staging/declared-001"],
    );
    expect(trail.events[0]).toMatchObject({
      who: "arn:aws:iam::000000000000:user/mallory-key",
      event: "UpdateSecret",
      sourceIp: expect.stringMatching(/127\.0\.0\.1/),
    });
  });
});

describe("GitHub: the stage environment's secrets and variables", () => {
  const github = new GitHubApiStandin();
  let octokit: Octokit;

  beforeAll(async () => {
    const url = await github.start();
    octokit = new (Octokit.plugin(retry))({ baseUrl: url, auth: "fake", retry: { retryAfterBaseValue: 10 } });
    for (const name of ["ERROR_TRACKING_AUTH_TOKEN", "PLANTED_TOKEN"])
      github.environmentSecrets.push({ environment: "staging", name, encryptedValue: "x", keyId: "k" });
    github.environmentVariables.set(
      "staging",
      new Map([
        ...Array.from({ length: 35 }, (_, i) => [`DECLARED_${i}`, "v"] as [string, string]),
        ["EXTRA_FLAG", "1"],
      ]),
    );
    github.throttleOnce.add("GET /repos/example-org/acme-platform/environments/staging/secrets");
  });
  afterAll(() => github.stop());

  test("finds the secret the catalogue does not list and the variable no stack declares, paging and retrying a 429", async () => {
    const found = await unmanagedGitHub(
      octokit,
      { owner: "example-org", repo: "acme-platform", environment: "staging" },
      {
        secrets: new Set(["ERROR_TRACKING_AUTH_TOKEN"]),
        variables: new Set(Array.from({ length: 35 }, (_, i) => `DECLARED_${i}`)),
      },
    );
    expect(found.map((f) => [f.kind, f.name, f.severity])).toEqual([
      ["github-secret", "PLANTED_TOKEN", "security"],
      ["github-variable", "EXTRA_FLAG", "availability"],
    ]);
    expect(github.throttleOnce.size).toBe(0);
    expect(github.requests.filter((r) => r.endsWith("/environments/staging/variables")).length).toBe(2);
  });
});

describe("Cloudflare: DNS records in the stage's names, and the audit log", () => {
  const cloudflare = new CloudflareApiStandin();
  let client: Cloudflare;

  beforeAll(async () => {
    client = new Cloudflare({ apiToken: "fake", baseURL: await cloudflare.start(), maxRetries: 3 });
    const record = (id: string, name: string, type: string, content: string) =>
      cloudflare.dnsRecords.push({ id, zoneId: ZONE, name, type, content });
    record("r1", "staging.example.com", "CNAME", "cname.vercel-dns.com");
    record("r2", "api.staging.example.com", "CNAME", "acme-api-staging.fly.dev");
    record("r3", "old.staging.example.com", "CNAME", "abandoned-app.herokudns.com");
    record("r4", "preview.staging.example.com", "CNAME", "cname.vercel-dns.com");
    record("r5", "www.example.com", "CNAME", "cname.vercel-dns.com");
    for (let i = 0; i < 120; i++) record(`f${i}`, `filler-${i}.elsewhere.example.com`, "TXT", "x");
    cloudflare.throttleOnce.add(`GET /client/v4/zones/${ZONE}/dns_records`);
    cloudflare.auditLogs.push(
      {
        id: "a1",
        accountId: ACCOUNT,
        when: "2026-11-20T10:00:00Z",
        action: { type: "rec_add" },
        actor: { email: "someone@example.com", ip: "198.51.100.7" },
        resource: { id: "r3", type: "DNS_record" },
      },
      {
        id: "a2",
        accountId: ACCOUNT,
        when: "2026-11-21T10:00:00Z",
        action: { type: "rec_mod" },
        actor: { email: "other@example.com", ip: "198.51.100.8" },
        resource: { id: "r9", type: "DNS_record" },
      },
    );
  });
  afterAll(() => cloudflare.stop());

  test("finds the records under the stage's hostnames that no stack declares: pointing elsewhere is security", async () => {
    const found = await unmanagedDns(client, {
      zoneId: ZONE,
      domain: "example.com",
      wholeZone: false,
      hosts: ["staging.example.com", "api.staging.example.com"],
      declared: [
        { name: "staging.example.com", type: "CNAME" },
        { name: "api.staging.example.com", type: "CNAME" },
      ],
      knownTargets: ["76.76.21.21", "cname.vercel-dns.com", "acme-api-staging.fly.dev"],
    });
    expect(found.map((f) => [f.name, f.severity])).toEqual([
      ["old.staging.example.com CNAME abandoned-app.herokudns.com", "security"],
      ["preview.staging.example.com CNAME cname.vercel-dns.com", "availability"],
    ]);
    expect(found[0].remove).toContain(`/zones/${ZONE}/dns_records/r3`);
    expect(cloudflare.throttleOnce.size).toBe(0);
  });

  test("the audit log names who last changed a record", async () => {
    const trail = await cloudflareAuditEvents(client, ACCOUNT, "r3");
    expect(trail.events).toEqual([
      { time: "2026-11-20T10:00:00Z", who: "someone@example.com", event: "rec_add", sourceIp: "198.51.100.7" },
    ]);
  });
});

describe("Vercel: the project's variables and domains (through @vercel/sdk, ESM, under tsx)", () => {
  const vercel = new VercelApiStandin();
  beforeAll(async () => {
    await vercel.start();
    vercel.envs.set("acme-web-staging", [
      { key: "NEXT_PUBLIC_API_URL", type: "plain", target: ["production", "preview"] },
      { key: "LEAKED_KEY", type: "encrypted", target: ["preview"] },
    ]);
    vercel.domains.set("acme-web-staging", [
      "staging.example.com",
      ...Array.from({ length: 55 }, (_, i) => `d${i}.example.com`),
      "hijack.example.net",
    ]);
    vercel.throttleOnce.add("GET /v10/projects/acme-web-staging/env");
  });
  afterAll(() => vercel.stop());

  test("finds the variable and the domain no stack declares, paging domains by until and retrying a 429", async () => {
    const root = resolve(__dirname, "../..");
    const script = `
      const { Vercel } = require("@vercel/sdk");
      const { unmanagedVercel } = require(${JSON.stringify(join(root, "tools/drift/unmanaged/vercel-scanner.ts"))});
      const vercel = new Vercel({ bearerToken: "fake", serverURL: ${JSON.stringify(vercel.url)}, retryConfig: { strategy: "backoff", backoff: { initialInterval: 10, maxInterval: 50, exponent: 2, maxElapsedTime: 5000 }, retryConnectionErrors: true } });
      const declaredDomains = new Set(["staging.example.com", ...Array.from({ length: 55 }, (_, i) => "d" + i + ".example.com")]);
      unmanagedVercel(vercel, { teamId: "team_x", project: "acme-web-staging", declaredEnv: new Set(["NEXT_PUBLIC_API_URL"]), declaredDomains })
        .then((f) => process.stdout.write(JSON.stringify(f.map((x) => [x.kind, x.name, x.severity]))));`;
    // A child process, so that this process's event loop keeps serving the stand-in.
    const out = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, ["-r", "tsx/cjs", "-e", script], { cwd: root });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.on("error", fail);
      child.on("close", (code) => (code === 0 ? done(text) : fail(new Error(`scanner exited ${code}`))));
    });
    expect(JSON.parse(out)).toEqual([
      ["vercel-env", "LEAKED_KEY (encrypted, preview)", "security"],
      ["vercel-domain", "hijack.example.net", "security"],
    ]);
    expect(vercel.requests.filter((r) => r.endsWith("/domains")).length).toBe(2);
    expect(vercel.throttleOnce.size).toBe(0);
  });
});
