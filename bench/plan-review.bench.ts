/**
 * Benchmark: `infra plan-review` on a plan of 10,000+ resource changes (with prior_state, planned_values and
 * configuration, derived from a real plan: bench/plan-fixture.ts), as a whole process, against a floor measured in
 * the same run: a plain `node` process that reads the same file, `JSON.parse`s it and loops over its changes.
 * Both are measured from outside with /usr/bin/time (user+system CPU, peak RSS), best of five each, interleaved
 * (this machine's CPU time for the same work varies by +-15% from run to run; the best of several is stable). Both
 * run with the young-generation size the bin is started with; the tool also applies its own V8 settings
 * (tools/bin/infra.js), as it does for every user.
 * Targets (issue 14): CPU <= 2.0x the floor, peak memory <= 1.5x the floor's.
 *
 *   npm run bench:plan-review
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { largePlan } from "./plan-fixture";

const ROOT = resolve(__dirname, "..");
const { path, bytes } = largePlan(10_000);
const FLOOR = join(tmpdir(), `plan-review-floor-${process.pid}.js`);
writeFileSync(
  FLOOR,
  `
const plan = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
let n = 0;
for (const rc of plan.resource_changes) n += rc.change.actions.length + (rc.address.length > 0 ? 1 : 0);
process.stdout.write(String(n) + "\\n");
`,
);

interface Measure {
  cpuMs: number;
  wallMs: number;
  maxRssBytes: number;
  chars: number;
}

function measure(args: string[]): Measure {
  const timeFile = join(tmpdir(), `plan-review-bench-${process.pid}`);
  const child = spawnSync(
    "/usr/bin/time",
    ["-f", "%U %S %e %M", "-o", timeFile, process.execPath, "--max-semi-space-size=1", ...args],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  const [user, sys, wall, rssKb] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { cpuMs: (user + sys) * 1000, wallMs: wall * 1000, maxRssBytes: rssKb * 1024, chars: child.stdout.length };
}

const best = (runs: Measure[]): Measure => ({
  cpuMs: Math.min(...runs.map((r) => r.cpuMs)),
  wallMs: Math.min(...runs.map((r) => r.wallMs)),
  maxRssBytes: Math.min(...runs.map((r) => r.maxRssBytes)),
  chars: runs[0].chars,
});

const tool = (format: string) => [
  resolve(ROOT, "tools/bin/infra.js"),
  "plan-review",
  path,
  "--stage",
  "production",
  "--format",
  format,
];
measure(tool("markdown")); // warm tsx's compile cache so the figures are of the tool, not of the first transpile
const floor: Measure[] = [],
  md: Measure[] = [],
  json: Measure[] = [];
const RUNS = 5;
for (let i = 0; i < RUNS; i++) {
  floor.push(measure([FLOOR, path]));
  md.push(measure(tool("markdown")));
  json.push(measure(tool("json")));
}
const f = best(floor);
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const count = JSON.parse(readFileSync(path, "utf8")).resource_changes.length;
console.log(`plan: ${count} resource changes, ${mb(bytes)} MB of JSON`);
console.log(
  `floor (node: read + JSON.parse + loop): CPU ${f.cpuMs.toFixed(0)} ms, wall ${f.wallMs.toFixed(0)} ms, peak RSS ${mb(f.maxRssBytes)} MB`,
);
for (const [name, runs] of [
  ["markdown", md],
  ["json", json],
] as const) {
  const r = best(runs);
  console.log(
    `${name}: CPU ${r.cpuMs.toFixed(0)} ms = ${(r.cpuMs / f.cpuMs).toFixed(2)}x the floor (target <= 2.0x), ` +
      `wall ${r.wallMs.toFixed(0)} ms, peak RSS ${mb(r.maxRssBytes)} MB = ${(r.maxRssBytes / f.maxRssBytes).toFixed(2)}x the floor (target <= 1.5x), output ${r.chars} chars`,
  );
}
console.log(`markdown within --max-chars 65000: ${best(md).chars <= 65001 ? "yes" : "NO"}`);
