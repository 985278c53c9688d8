/**
 * Benchmark: `infra drift` over three stages in parallel against the slowest stage alone, with real Terraform and
 * the real AWS provider refreshing each stage's AWS resources in the local emulator. Target: <= 1.3x.
 * Two cases: no drift (the usual scheduled run) and drift in every stage (each also runs `show -json`).
 * Prints the figures measured in this run, and the floor the machine's cores set: against an emulator that answers
 * at once, a stage never waits, so three stages cannot take less than their CPU time spread over the cores.
 *
 *   npm run bench:drift
 */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { STAGE_NAMES } from "../environments";
import { AwsEmulator, emulatorEnv } from "../tests/support/aws-emulator";
import { EmulatedStage } from "../tests/support/emulated-stage";
import { CloudflareApiStandin } from "../tests/support/cloudflare-api-standin";
import { GitHubApiStandin } from "../tests/support/github-api-standin";
import { VercelApiStandin } from "../tests/support/vercel-api-standin";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";

const INFRA = resolve(__dirname, "../tools/bin/infra.js");
const STAGES = STAGE_NAMES;

let lastCpuMs = 0;

/** Wall time of one `infra drift` run; its CPU time (children included) is left in lastCpuMs. */
function drift(
  env: NodeJS.ProcessEnv,
  stacksDir: string,
  stages: readonly string[],
  parallel: number,
  expectedExit: number,
  extra: readonly string[] = [],
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const timeFile = join(tmpdir(), `drift-bench-time-${process.pid}`);
    const child = spawn(
      "/usr/bin/time",
      [
        "-f",
        "%U %S",
        "-o",
        timeFile,
        process.execPath,
        INFRA,
        "drift",
        ...stages,
        "--stacks-dir",
        stacksDir,
        "--parallel",
        String(parallel),
        "--format",
        "json",
        ...extra,
      ],
      { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } },
    );
    let out = "";
    child.stdout.on("data", () => undefined);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== expectedExit) return reject(new Error(`infra drift exited ${code}, expected ${expectedExit}`));
      out = readFileSync(timeFile, "utf8");
      const [user, sys] = out.trim().split("\n").pop()!.split(" ").map(Number);
      lastCpuMs = ((user ?? 0) + (sys ?? 0)) * 1000;
      resolvePromise(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

/** Each stage alone (twice, best kept) and all three with --parallel 3 (twice, best kept); prints the ratio. */
async function measure(
  label: string,
  env: NodeJS.ProcessEnv,
  stacksDir: string,
  cores: number,
  expectedExit: number,
): Promise<void> {
  const alone: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  for (const s of STAGES) {
    alone[s] = Math.min(
      await drift(env, stacksDir, [s], 1, expectedExit),
      await drift(env, stacksDir, [s], 1, expectedExit),
    );
    cpu[s] = lastCpuMs;
  }
  const parallel = Math.min(
    await drift(env, stacksDir, STAGES, 3, expectedExit),
    await drift(env, stacksDir, STAGES, 3, expectedExit),
  );
  const slowest = Math.max(...Object.values(alone));
  const sequential = Object.values(alone).reduce((a, b) => a + b, 0);
  const cpuFloor = Object.values(cpu).reduce((a, b) => a + b, 0) / cores / slowest;
  console.log(`\n${label}`);
  for (const s of STAGES)
    console.log(
      `  ${s} alone: ${alone[s].toFixed(0)} ms wall, ${cpu[s].toFixed(0)} ms CPU (terraform and the AWS provider included)`,
    );
  console.log(`  three stages, --parallel 3: ${parallel.toFixed(0)} ms`);
  console.log(
    `  ratio to the slowest stage alone: ${(parallel / slowest).toFixed(2)}x (target <= 1.3x); sequential would be ${(sequential / slowest).toFixed(2)}x`,
  );
  console.log(
    `  CPU-bound estimate: the three stages' CPU alone / ${cores} cores / slowest stage = ${cpuFloor.toFixed(2)}x`,
  );
}

/**
 * The unmanaged scan's cost beside the refresh, paired in the same run: one stage with and without --unmanaged,
 * against stand-ins for GitHub, Cloudflare and Vercel holding a few hundred items each (several pages) and the AWS
 * emulator's secrets. The stand-ins answer at once, so this is the scan's own cost (clients, paging, comparing),
 * not the platforms' latency.
 */
async function measureUnmanaged(env: NodeJS.ProcessEnv, stacksDir: string): Promise<void> {
  const stage = "staging";
  const [github, cloudflare, vercel] = [new GitHubApiStandin(), new CloudflareApiStandin(), new VercelApiStandin()];
  for (let i = 0; i < 300; i++) {
    github.environmentSecrets.push({ environment: stage, name: `EXTRA_${i}`, encryptedValue: "x", keyId: "k" });
    cloudflare.dnsRecords.push({
      id: `r${i}`,
      zoneId: "0".repeat(32),
      name: `h${i}.staging.example.com`,
      type: "CNAME",
      content: "elsewhere.example.net",
    });
  }
  vercel.envs.set(
    "acme-web-staging",
    Array.from({ length: 300 }, (_, i) => ({ key: `EXTRA_${i}`, type: "plain", target: ["preview"] })),
  );
  vercel.domains.set(
    "acme-web-staging",
    Array.from({ length: 300 }, (_, i) => `d${i}.example.net`),
  );
  const scanEnv: NodeJS.ProcessEnv = {
    ...env,
    GITHUB_API_URL: await github.start(),
    GITHUB_REPOSITORY: "example-org/acme-platform",
    GITHUB_TOKEN: "bench-read-token",
    CLOUDFLARE_API_TOKEN: "bench-read-token",
    CLOUDFLARE_BASE_URL: await cloudflare.start(),
    VERCEL_API_TOKEN: "bench-read-token",
  };
  await vercel.start();
  scanEnv.VERCEL_API_URL = vercel.url;
  try {
    const plain = Math.min(
      await drift(scanEnv, stacksDir, [stage], 1, 0),
      await drift(scanEnv, stacksDir, [stage], 1, 0),
    );
    const plainCpu = lastCpuMs;
    const scanned = Math.min(
      await drift(scanEnv, stacksDir, [stage], 1, 2, ["--unmanaged"]),
      await drift(scanEnv, stacksDir, [stage], 1, 2, ["--unmanaged"]),
    );
    const scannedCpu = lastCpuMs;
    console.log(`\nunmanaged scan of ${stage} (300 items per platform, paged), paired with the refresh in this run`);
    console.log(`  refresh only: ${plain.toFixed(0)} ms wall, ${plainCpu.toFixed(0)} ms CPU`);
    console.log(`  refresh + --unmanaged: ${scanned.toFixed(0)} ms wall, ${scannedCpu.toFixed(0)} ms CPU`);
    console.log(
      `  the scan adds ${(scanned - plain).toFixed(0)} ms wall (${(scanned / plain).toFixed(2)}x the refresh alone)`,
    );
  } finally {
    await Promise.all([github.stop(), cloudflare.stop(), vercel.stop()]);
  }
}

async function main(): Promise<void> {
  const emulator = new AwsEmulator();
  await emulator.start();
  const stages = STAGES.map((s) => new EmulatedStage(s, emulator));
  const combined = mkdtempSync(join(tmpdir(), "drift-bench-"));
  const env = emulatorEnv(emulator.endpoint);
  try {
    for (const stage of stages) {
      await stage.start();
      await stage.apply();
      cpSync(stage.dir, join(combined, stage.stage), { recursive: true, verbatimSymlinks: true });
    }
    await drift(env, combined, STAGES, 3, 0); // warm the plugin cache and the page cache
    const cores = availableParallelism();
    console.log(`${cores} cores; each figure is the better of two runs`);
    await measureUnmanaged(env, combined);
    await measure(
      "no drift (the usual scheduled run; the platform's expected drift, a secret's policy, is shown and ignored)",
      env,
      combined,
      cores,
      0,
    );
    // One out-of-band change per stage: now every stage also runs `show -json` for the details.
    for (const s of STAGES) emulator.secret(`acme/${s}/database-url`).description = "changed in the console (bench)";
    await measure("drift in every stage (plan, then show -json)", env, combined, cores, 2);
  } finally {
    rmSync(combined, { recursive: true, force: true });
    for (const stage of stages) await stage.stop(false);
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
