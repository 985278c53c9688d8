/**
 * Benchmark: `infra plan-review` on a plan of 10,000+ resource changes, as a whole process (node + tsx + the CLI).
 * Targets: wall time <= 1 s and peak RSS <= 3x the plan JSON's size. Prints the figures measured in this run.
 *
 *   npm run bench:plan-review
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { largePlan } from "./plan-fixture";

const ROOT = resolve(__dirname, "..");
const { path, bytes } = largePlan(10_000);

function run(format: string) {
  const script = `
    const t0 = process.hrtime.bigint();
    require("tsx/cjs");
    const { main } = require(${JSON.stringify(resolve(ROOT, "tools/cli.ts"))});
    const write = process.stdout.write.bind(process.stdout);
    let chars = 0;
    process.stdout.write = (chunk) => { chars += String(chunk).length; return true; };
    main(["plan-review", ${JSON.stringify(path)}, "--stage", "bench", "--format", "${format}"]).then((code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      write(JSON.stringify({ code, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, chars }));
    });`;
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(child.stderr);
  return { ...JSON.parse(child.stdout), wallMs };
}

run("markdown"); // warm tsx's compile cache so the figures are of the tool, not of the first transpile
const md = run("markdown");
const json = run("json");
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const count = JSON.parse(require("node:fs").readFileSync(path, "utf8")).resource_changes.length;
console.log(`plan: ${count} resource changes, ${mb(bytes)} MB of JSON`);
for (const [name, r] of [["markdown", md], ["json", json]] as const) {
  console.log(
    `${name}: whole process ${r.wallMs.toFixed(0)} ms (target <= 1000 ms: ${(r.wallMs / 1000).toFixed(2)}x), ` +
      `peak RSS ${mb(r.maxRssBytes)} MB = ${(r.maxRssBytes / bytes).toFixed(2)}x the JSON (target <= 3x), output ${r.chars} chars`,
  );
}
console.log(`markdown within --max-chars 65000: ${md.chars <= 65001 ? "yes" : "NO"}`);
