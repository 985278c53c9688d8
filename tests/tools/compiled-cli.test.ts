/**
 * The `infra` bin runs the CLI bundled to JavaScript (tools/bin/compiled-cli.js): no TypeScript loader at start,
 * rebuilt when a source file changes, stage files still loaded from their TypeScript source.
 */
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
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
    // npm packages stay outside the CLI bundle but for zod, and secretlint is bundled into the scan beside it; the
    // stage files are read at run time, one per stage.
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
    }
  });

  test("keeps V8's code cache beside each bundle: made by the first run, used by the next, replaced when bad, removed by a rebuild", async () => {
    const dir = join(ROOT, ".gen/infra");
    const caches = () => readdirSync(dir).filter((name) => name.includes(".v8-cache"));
    compiled.build();
    expect(caches()).toEqual([]);
    const review = ["plan-review", join(ROOT, "tests/fixtures/plans/mixed.json"), "--format", "json"];
    const first = await runInfra(review);
    expect(first.code).toBe(0);
    // Named after the very file it was made from (a cache for another build of the same length is never read).
    const { ino, mtimeMs, size } = statSync(compiled.BUNDLE);
    const cliCache = join(dir, `cli.js.v8-cache-${ino}-${mtimeMs}-${size}`);
    expect(caches()).toEqual(
      expect.arrayContaining([
        `cli.js.v8-cache-${ino}-${mtimeMs}-${size}`,
        expect.stringMatching(/^scan-core\.cjs\.v8-cache-/),
      ]),
    );
    // Used as it is by the next run (V8 accepted it: not written again), with the same result.
    const made = statSync(cliCache).mtimeMs;
    const second = await runInfra(review);
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(cliCache).mtimeMs).toBe(made);
    // A cache V8 rejects costs nothing but the compile: the command runs, and the cache is made again.
    writeFileSync(cliCache, "not a code cache");
    const third = await runInfra(review);
    expect(third.stdout).toBe(first.stdout);
    expect(readFileSync(cliCache).length).toBeGreaterThan(100_000);
    compiled.build();
    expect(caches()).toEqual([]);
  }, 60_000);

  test("loads the stage files from their TypeScript source when a command needs them", async () => {
    const result = await runInfra(["stages", "--format", "json"]);
    expect(result.stderr).toBe("");
    const names = (JSON.parse(result.stdout) as { stages: Array<{ name: string }> }).stages.map((s) => s.name);
    expect(names).toEqual(["development", "staging", "production"]);
  });
});
