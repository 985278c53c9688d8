/**
 * Fly.io app config: each stage's fly.toml parses back (smol-toml) with the fields the stage declares, the scale
 * plan lists regions and machines, synthesis writes both files, and every invalid case is rejected.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parse } from "smol-toml";
import { getStage, parseStage, STAGES, STAGE_NAMES } from "../../environments";
import { findCredentials } from "../../environments/credential-detector";
import { STAGE_LIST } from "../../environments";
import { EnvironmentStack } from "../../stacks/environment-stack";
import { FAKE } from "../fixtures/fake-credentials";
import { stageStack } from "../support/synth";

const toml = (stage: string) => parse(stageStack(stage).fly.flyToml) as Record<string, any>;
const scalePlan = (stage: string) => stageStack(stage).fly.scalePlan;

describe("production fly.toml", () => {
  const doc = toml("production");

  test("names the app and its primary region and builds from the Dockerfile", () => {
    expect(doc).toMatchObject({ app: "acme-api", primary_region: "ams", build: { dockerfile: "Dockerfile" } });
  });

  test("runs 4 shared CPUs with 1 GB of memory", () => {
    expect(doc.vm).toEqual([{ cpu_kind: "shared", cpus: 4, memory_mb: 1024 }]);
  });

  test("deploys bluegreen behind a GET /health check, with migrations as the release command", () => {
    expect(doc.deploy).toEqual({ strategy: "bluegreen", release_command: "npm run db:migrate" });
    expect(doc.http_service.checks).toEqual([
      { method: "GET", path: "/health", interval: "15s", timeout: "5s", grace_period: "30s" },
    ]);
  });

  test("keeps at least two machines running behind forced HTTPS", () => {
    expect(doc.http_service).toMatchObject({
      internal_port: 8080,
      force_https: true,
      auto_stop_machines: "stop",
      auto_start_machines: true,
      min_machines_running: 2,
      concurrency: { type: "requests", soft_limit: 200, hard_limit: 250 },
    });
  });

  test("[env] holds the stage's Fly role ARN, region and secrets prefix and nothing credential-shaped", () => {
    expect(doc.env).toEqual({
      AWS_REGION: "eu-west-1",
      AWS_ROLE_ARN: "arn:aws:iam::000000000000:role/acme-fly-production",
      LOG_LEVEL: "warn",
      PORT: "8080",
      SECRETS_PREFIX: "acme/production/",
      STAGE: "production",
    });
  });

  test("the scale plan runs two machines in each of two regions, ams and ord", () => {
    expect(scalePlan("production")).toEqual({
      app: "acme-api",
      stage: "production",
      regions: [
        { region: "ams", count: 2 },
        { region: "ord", count: 2 },
      ],
      totalMachines: 4,
    });
  });
});

describe("smaller stages", () => {
  test("staging: one region, smaller machine, may scale to zero, rolling deploys", () => {
    const doc = toml("staging");
    expect(doc.vm).toEqual([{ cpu_kind: "shared", cpus: 1, memory_mb: 512 }]);
    expect(doc.http_service.min_machines_running).toBe(0);
    expect(doc.deploy).toEqual({ strategy: "rolling" });
    expect(scalePlan("staging").regions).toEqual([{ region: "ams", count: 1 }]);
  });

  test("development: the smallest machine, immediate deploys", () => {
    const doc = toml("development");
    expect(doc.vm).toEqual([{ cpu_kind: "shared", cpus: 1, memory_mb: 256 }]);
    expect(doc.deploy).toEqual({ strategy: "immediate" });
    expect(doc.env.AWS_ROLE_ARN).toBe("arn:aws:iam::000000000000:role/acme-fly-development");
  });
});

describe("synthesis writes fly.toml and fly-scale.json for each stage", () => {
  test.each(STAGE_NAMES)("%s", (stage) => {
    const app = Testing.app();
    const stack = new EnvironmentStack(app, stage, { stage: getStage(stage), zoneStages: STAGE_LIST });
    const outdir = Testing.fullSynth(stack);
    try {
      const dir = join(outdir, "stacks", stage);
      expect(existsSync(join(dir, "cdk.tf.json"))).toBe(true);
      const flyToml = readFileSync(join(dir, "fly.toml"), "utf8");
      expect(parse(flyToml)).toMatchObject({ app: getStage(stage).fly.app });
      const scale = JSON.parse(readFileSync(join(dir, "fly-scale.json"), "utf8"));
      expect(scale.totalMachines).toBeGreaterThan(0);
      expect(findCredentials(parse(flyToml))).toEqual([]);
      expect(findCredentials(scale)).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("invalid Fly config is rejected with the field's path", () => {
  const prod = () => structuredClone(STAGES.production) as any;
  const reject = (cfg: unknown, pattern: RegExp) => expect(() => parseStage(cfg)).toThrow(pattern);

  test("throws on an unknown region", () => {
    const cfg = prod();
    cfg.fly.primaryRegion = "zzz";
    reject(cfg, /production\.fly\.primaryRegion: "zzz" is not a Fly.io region/);
  });

  test.each([3, 6, 32])("throws on %d cpus", (cpus) => {
    const cfg = prod();
    cfg.fly.vm.cpus = cpus;
    reject(cfg, new RegExp(`production\\.fly\\.vm\\.cpus: ${cpus} is not offered for shared CPUs`));
  });

  test("throws on 16 shared cpus (16 is for performance CPUs only)", () => {
    const cfg = prod();
    cfg.fly.vm = { cpuKind: "shared", cpus: 16, memoryMb: 4096 };
    reject(cfg, /production\.fly\.vm\.cpus: 16 is not offered for shared CPUs; use one of 1, 2, 4, 8/);
  });

  test("throws on memory that is not a multiple of 256 MB", () => {
    const cfg = prod();
    cfg.fly.vm.memoryMb = 1500;
    reject(cfg, /production\.fly\.vm\.memoryMb: 1500 is not a multiple of 256 MB/);
  });

  test("throws on memory beyond what the CPUs allow", () => {
    const cfg = prod();
    cfg.fly.vm.memoryMb = 9216;
    reject(cfg, /production\.fly\.vm\.memoryMb: 9216 is outside what 4 shared CPU\(s\) allow; use 1024 to 8192 MB/);
  });

  test("throws on bluegreen without a health check", () => {
    const cfg = prod();
    delete cfg.fly.healthCheck;
    reject(cfg, /production\.fly\.healthCheck: missing but fly\.deploy\.strategy is bluegreen/);
  });

  test("throws on min_machines_running 0 in production", () => {
    const cfg = prod();
    cfg.fly.http.minMachinesRunning = 0;
    reject(cfg, /production\.fly\.http\.minMachinesRunning: 0 is below 1, the least a production stage keeps running/);
  });

  test("throws on a credential-shaped [env] value, without echoing it", () => {
    const cfg = prod();
    cfg.fly.env.DATABASE_PASSWORD_URL = FAKE.urlWithPassword;
    reject(
      cfg,
      /production\.fly\.env\.DATABASE_PASSWORD_URL: \(value withheld\) looks like a (URL|database connection string) with a password/,
    );
    expect(() => parseStage(cfg)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(FAKE.urlWithPassword) }),
    );
  });

  test("throws when [env] tries to set a platform key such as AWS_ROLE_ARN", () => {
    const cfg = prod();
    cfg.fly.env.AWS_ROLE_ARN = "arn:aws:iam::000000000000:role/admin";
    reject(cfg, /production\.fly\.env\.AWS_ROLE_ARN: .* is set by the platform/);
  });
});
