/**
 * The `infra` bin runs the CLI bundled to JavaScript (tools/bin/compiled-cli.js): no TypeScript loader at start,
 * rebuilt when a source file changes, stage files still loaded from their TypeScript source.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runInfra } from "../support/run-infra";

const ROOT = resolve(__dirname, "../..");
const compiled = require(join(ROOT, "tools/bin/compiled-cli.js")) as {
  build(): void;
  isFresh(): boolean;
  BUNDLE: string;
  INPUTS: string;
};

describe("the compiled CLI", () => {
  test("is bundled from tools/cli.ts and everything it imports, and records each input's size and time", () => {
    compiled.build();
    const { inputs } = JSON.parse(readFileSync(compiled.INPUTS, "utf8")) as { inputs: Array<{ path: string }> };
    const paths = inputs.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(["tools/cli.ts", "tools/plan-review.ts", "tools/plan/scrub.ts", "environments/load.ts"]),
    );
    // npm packages stay outside the CLI bundle but for zod and commander, and secretlint is bundled into the scan
    // beside it; the stage files are read at run time, one per stage.
    const packages = new Set(
      paths
        .filter((p) => p.startsWith("node_modules/"))
        .map((p) =>
          p
            .split("/")
            .slice(1, p.startsWith("node_modules/@") ? 3 : 2)
            .join("/"),
        ),
    );
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: object };
    expect(Object.keys(pkg.dependencies).filter((d) => packages.has(d))).toEqual([
      "@secretlint/core",
      "@secretlint/secretlint-rule-pattern",
      "@secretlint/secretlint-rule-preset-recommend",
      "commander",
      "zod",
    ]);
    expect(existsSync(join(ROOT, ".gen/infra/scan-core.cjs"))).toBe(true);
    expect(paths.some((p) => p.startsWith("environments/stages/"))).toBe(false);
    expect(compiled.isFresh()).toBe(true);
  });

  test("is rebuilt when one of its source files changes, before the command runs", async () => {
    const source = join(ROOT, "tools/usage-error.ts");
    const { atime, mtime } = statSync(source);
    try {
      utimesSync(source, atime, new Date(mtime.getTime() + 5_000));
      expect(compiled.isFresh()).toBe(false);
      const result = await runInfra(["--version"]);
      expect(result.code).toBe(0);
      expect(compiled.isFresh()).toBe(true);
    } finally {
      utimesSync(source, atime, mtime);
      // The bundle was recorded with the changed time: built again, or every later run (other test files') would.
      compiled.build();
    }
  });

  test("keeps V8's code cache beside each bundle: made by the first run, used by the next, replaced when bad, removed by a rebuild", async () => {
    const dir = join(ROOT, ".gen/infra");
    const caches = () => readdirSync(dir).filter((name) => name.includes(".v8-cache"));
    const identity = () => {
      const { ino, mtimeMs, size } = statSync(compiled.BUNDLE);
      return `${ino}-${mtimeMs}-${size}`;
    };
    // A plan large enough that the review collects garbage on the way (tools/memory.ts sets a V8 flag for it, and a
    // cache made under other flags is rejected): the fixture's changes repeated under new names.
    const mixed = JSON.parse(readFileSync(join(ROOT, "tests/fixtures/plans/mixed.json"), "utf8"));
    const copies = Math.ceil(1_000 / mixed.resource_changes.length);
    mixed.resource_changes = Array.from({ length: copies }, (_, i) =>
      mixed.resource_changes.map((rc: { address: string; name: string }) => ({
        ...rc,
        address: `${rc.address}_${i}`,
        name: `${rc.name}_${i}`,
      })),
    ).flat();
    const large = join(mkdtempSync(join(tmpdir(), "code-cache-")), "plan.json");
    writeFileSync(large, JSON.stringify(mixed));
    const review = ["plan-review", large, "--format", "json"];
    // Other test files run `infra` meanwhile, and one that finds a source changed rebuilds the bundle: the scenario
    // is run again when the bundle it started with was replaced before it ended.
    for (let attempt = 1; ; attempt++) {
      compiled.build();
      const built = identity();
      const emptyAfterBuild = caches();
      const first = await runInfra(review);
      // Named after the very file it was made from (a cache for another build of the same length is never read).
      const cliCache = join(dir, `cli.js.v8-cache-${built}`);
      const afterFirst = caches();
      const made = existsSync(cliCache) ? statSync(cliCache).mtimeMs : undefined;
      // Used as it is by the next run (V8 accepted it: not written again), with the same result.
      const second = await runInfra(review);
      const madeAfterSecond = existsSync(cliCache) ? statSync(cliCache).mtimeMs : undefined;
      // A cache V8 rejects costs nothing but the compile: the command runs, and the cache is made again.
      writeFileSync(cliCache, "not a code cache");
      const third = await runInfra(review);
      const remade = readFileSync(cliCache).length;
      if (identity() !== built && attempt < 3) continue;
      expect(emptyAfterBuild).toEqual([]);
      expect(first.code).toBe(0);
      expect(afterFirst).toEqual(
        expect.arrayContaining([`cli.js.v8-cache-${built}`, expect.stringMatching(/^scan-core\.cjs\.v8-cache-/)]),
      );
      expect(second.stdout).toBe(first.stdout);
      expect(madeAfterSecond).toBe(made);
      expect(third.stdout).toBe(first.stdout);
      expect(remade).toBeGreaterThan(100_000);
      break;
    }
    compiled.build();
    expect(caches()).toEqual([]);
  }, 120_000);

  test("keeps a code cache another run wrote while this one ran, and writes its own when none appeared", () => {
    // Runs started in parallel before any cache existed all compile; the first to end writes the cache, and the
    // others leave it (rewriting it would change the file a run that started since has read). Each child process
    // loads the CLI without a cache, then, where told to, plays the other run by writing the cache before it ends.
    const script = (otherRun: boolean) => `
      const { readFileSync, rmSync, statSync, writeFileSync } = require("node:fs");
      const compiled = require(${JSON.stringify(join(ROOT, "tools/bin/compiled-cli.js"))});
      if (!compiled.isFresh()) compiled.build();
      const { ino, mtimeMs, size } = statSync(compiled.BUNDLE);
      const cache = compiled.BUNDLE + ".v8-cache-" + ino + "-" + mtimeMs + "-" + size;
      rmSync(cache, { force: true });
      compiled.loadCli();
      if (${otherRun}) writeFileSync(cache, "written by another run");
      compiled.saveCodeCaches();
      process.stdout.write(String(readFileSync(cache).length));
      // Made under other V8 flags than the bin's (which would reject it): not left for the next run.
      rmSync(cache);
    `;
    const cacheLength = (otherRun: boolean) =>
      Number(execFileSync(process.execPath, ["-e", script(otherRun)], { cwd: ROOT, encoding: "utf8" }));
    expect(cacheLength(true)).toBe("written by another run".length);
    expect(cacheLength(false)).toBeGreaterThan(100_000);
  }, 60_000);

  test("loads the stage files from their TypeScript source when a command needs them", async () => {
    const result = await runInfra(["stages", "--format", "json"]);
    expect(result.stderr).toBe("");
    const names = (JSON.parse(result.stdout) as { stages: Array<{ name: string }> }).stages.map((s) => s.name);
    expect(names).toEqual(["development", "staging", "production"]);
  });
});
