/** Runs the real `infra` CLI as a child process, asynchronously (emulators may live in the test process). */
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const INFRA = join(ROOT, "tools/bin/infra.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runInfra(args: readonly string[], env: NodeJS.ProcessEnv = {}, input = ""): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [INFRA, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
