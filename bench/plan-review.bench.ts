/**
 * Benchmark: `infra plan-review` on a plan of 10,000+ resource changes, as a whole process (node + tsx + the CLI,
 * run as `npm run infra` runs it), measured from outside with /usr/bin/time.
 * Targets: wall time <= 1 s and peak RSS <= 3x the plan JSON's size. Prints the figures measured in this run.
 *
 *   npm run bench:plan-review
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { largePlan } from "./plan-fixture";

const ROOT = resolve(__dirname, "..");
const { path, bytes } = largePlan(10_000);

/** Runs the CLI exactly as `npm run infra` does, measured from outside by /usr/bin/time (wall time, peak RSS). */
function run(format: string) {
  const timeFile = join(tmpdir(), `plan-review-bench-${process.pid}`);
  const child = spawnSync(
    "/usr/bin/time",
    ["-f", "%e %M", "-o", timeFile, process.execPath, "--max-semi-space-size=1", resolve(ROOT, "tools/bin/infra.js"), "plan-review", path, "--stage", "bench", "--format", format],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  const [seconds, maxRssKb] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wallMs: seconds! * 1000, maxRssBytes: maxRssKb! * 1024, chars: child.stdout.length };
}

run("markdown"); // warm tsx's compile cache so the figures are of the tool, not of the first transpile
const md = run("markdown");
const json = run("json");
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const count = JSON.parse(readFileSync(path, "utf8")).resource_changes.length;
console.log(`plan: ${count} resource changes, ${mb(bytes)} MB of JSON`);
for (const [name, r] of [["markdown", md], ["json", json]] as const) {
  console.log(
    `${name}: whole process ${r.wallMs.toFixed(0)} ms (target <= 1000 ms: ${(r.wallMs / 1000).toFixed(2)}x), ` +
      `peak RSS ${mb(r.maxRssBytes)} MB = ${(r.maxRssBytes / bytes).toFixed(2)}x the JSON (target <= 3x), output ${r.chars} chars`,
  );
}
console.log(`markdown within --max-chars 65000: ${md.chars <= 65001 ? "yes" : "NO"}`);
