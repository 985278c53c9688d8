/**
 * End to end against the local AWS emulator: real `terraform apply` of staging's secrets with the real AWS
 * provider, then `infra secrets set` (value on stdin) and `infra secrets status`, run as the real CLI.
 * The value must never appear in any output, the state or the working directory.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { runInfra } from "../support/run-infra";
import { EmulatedStage } from "../support/emulated-stage";
import { FAKE_DATABASE_URL } from "../fixtures/fake-secret-values";

function infra(args: string[], env: NodeJS.ProcessEnv, input = "") {
  return runInfra(args, env, input);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat || name === "providers") return [];
    return stat.isDirectory() ? filesUnder(path) : stat.size < 5_000_000 ? [path] : [];
  });
}

describe("infra secrets against emulated Secrets Manager", () => {
  const stage = new EmulatedStage("staging");
  const outputs: string[] = [];

  beforeAll(async () => {
    await stage.start();
    outputs.push(await stage.apply());
  }, 180000);
  afterAll(() => stage.stop());

  test("terraform apply created every staging secret, encrypted with the stage key (bootstrap's, found by alias), with its policy", () => {
    const secrets = [...stage.emulator.secrets.values()];
    expect(secrets.map((s) => s.name).sort()).toEqual([
      "acme/staging/crm-api-key",
      "acme/staging/database-url",
      "acme/staging/error-tracking-auth-token",
      "acme/staging/error-tracking-dsn",
      "acme/staging/photo-service-api-key",
      "acme/staging/redis-url",
      "acme/staging/supabase-service-role-key",
      "acme/staging/voice-api-private-key",
      "acme/staging/webhook-signing-secret",
    ]);
    // Two keys (secrets and state), both created from the bootstrap stack's declaration of staging's keys.
    expect(stage.emulator.keys.size).toBe(2);
    const key = stage.emulator.keys.get(stage.emulator.aliases.get("alias/acme-staging-secrets")!.targetKeyId);
    expect(key!.rotationEnabled).toBe(true);
    for (const s of secrets) {
      expect(s.kmsKeyId).toBe(key!.arn);
      expect(s.versions).toEqual([]);
      expect(JSON.parse(s.resourcePolicy!).Statement[0].Effect).toBe("Deny");
      expect(Object.fromEntries(s.tags)).toMatchObject({
        app: "acme",
        stage: "staging",
        "managed-by": "platform-infra",
      });
    }
  });

  test("status before any value: every secret exists without a value", async () => {
    const result = await infra(["secrets", "status", "staging", "--format", "json"], stage.env());
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout).secrets;
    expect(rows.every((r: any) => r.exists && !r.hasValue && r.rotationDue === null)).toBe(true);
  });

  test("set reads the value from stdin, prints only the version id; status shows it present with the rotation date", async () => {
    const set = await infra(["secrets", "set", "staging", "database-url"], stage.env(), `${FAKE_DATABASE_URL}\n`);
    outputs.push(set.stdout, set.stderr);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
    const stored = stage.emulator.secret("acme/staging/database-url").versions;
    expect(stored.map((v) => v.value)).toEqual([FAKE_DATABASE_URL]);

    const status = await infra(["secrets", "status", "staging", "--format", "json"], stage.env());
    outputs.push(status.stdout, status.stderr);
    const row = JSON.parse(status.stdout).secrets.find((r: any) => r.name === "database-url");
    const expectedDue = new Date(new Date(row.lastChanged).getTime() + 90 * 86_400_000).toISOString().slice(0, 10);
    expect(row).toMatchObject({
      exists: true,
      hasValue: true,
      rotationDays: 90,
      rotationDue: expectedDue,
      overdue: false,
      consumers: ["fly"],
    });
    expect(Date.now() - new Date(row.lastChanged).getTime()).toBeLessThan(120_000);

    const table = await infra(["secrets", "status", "staging"], stage.env());
    outputs.push(table.stdout, table.stderr);
    expect(table.stdout).toMatch(/\| `database-url` \| ok \| .* \| \d{4}-\d\d-\d\d \(every 90 d\) \| fly \|/);
    expect(table.stdout).toMatch(/\| `redis-url` \| no value \|/);
  }, 60000);

  test("rejects an empty value, an unknown secret and an unknown stage with exit 1", async () => {
    const empty = await infra(["secrets", "set", "staging", "redis-url"], stage.env(), "");
    expect([empty.code, empty.stderr]).toEqual([
      1,
      expect.stringMatching(/refusing to store an empty value for acme\/staging\/redis-url/),
    ]);
    const unknown = await infra(["secrets", "set", "staging", "stripe-key"], stage.env(), "x");
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      expect.stringMatching(/"stripe-key" is not in the staging secrets catalogue/),
    ]);
    const badStage = await infra(["secrets", "status", "qa"], stage.env());
    expect([badStage.code, badStage.stderr]).toEqual([
      1,
      expect.stringMatching(/unknown stage "qa"; valid stages are development, staging, production/),
    ]);
    outputs.push(empty.stderr, unknown.stderr, badStage.stderr);
  }, 60000);

  test("once the values are set, wiring the consumers applies: Vercel's through ephemeral reads, nothing in state", async () => {
    // infra secrets set/status never read a value back: so far nothing has called GetSecretValue.
    expect(stage.emulator.calls.filter((c) => c === "secretsmanager.GetSecretValue")).toEqual([]);
    const vercelSecrets = ["webhook-signing-secret", "photo-service-api-key", "error-tracking-dsn"];
    for (const name of [...vercelSecrets, "error-tracking-auth-token"]) {
      const set = await infra(["secrets", "set", "staging", name], stage.env(), `FAKE-e2e-${name}-value\n`);
      expect(set.code).toBe(0);
    }
    stage.useConfig(true);
    expect(Object.keys(stage.config.ephemeral.aws_secretsmanager_secret_version)).toHaveLength(vercelSecrets.length);
    outputs.push(await stage.apply());
    expect(stage.emulator.calls).toContain("secretsmanager.GetSecretValue");
    expect(stage.emulator.calls).toContain("secretsmanager.ListSecretVersionIds");
    for (const name of vercelSecrets) expect(stage.stateText()).not.toContain(`FAKE-e2e-${name}-value`);
    // GitHub's value is delivered by `infra secrets sync-github`, outside Terraform: Terraform never reads it.
    expect(stage.stateText()).not.toContain("FAKE-e2e-error-tracking-auth-token-value");
  }, 180000);

  test("the value never appears in any output, the state or the working directory", () => {
    outputs.push(stage.stateText());
    for (const text of outputs) expect(text).not.toContain(FAKE_DATABASE_URL);
    for (const file of filesUnder(stage.dir)) expect(readFileSync(file, "utf8")).not.toContain(FAKE_DATABASE_URL);
  });
});
