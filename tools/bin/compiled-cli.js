/**
 * The `infra` command as plain JavaScript: tools/cli.ts and everything it imports, bundled by esbuild into
 * .gen/infra/cli.js (npm packages stay outside the bundle but for BUNDLED_PACKAGES), with the credential scan beside
 * it (.gen/infra/scan-core.cjs), rebuilt whenever one of their source files changes.
 *
 * Why: running the TypeScript through tsx costs about 300 ms of CPU at every start (loader hooks, a compile-cache
 * lookup per file, and keepNames wrappers around every function), which is most of what plan review of a small plan
 * costs and a fifth of a 10,000-resource one (bench/plan-review.bench.ts). The bundle needs no build step from the
 * user: it is made on first use and whenever the sources differ from what it was built from (sizes and modification
 * times of every input, as esbuild's metafile lists them, checked at start in about a millisecond).
 *
 * The stage files (environments/stages/*.ts) are not in the bundle: they are found at run time, one file per stage.
 * They are loaded through tsx, registered only when a TypeScript file is first required.
 * If esbuild cannot build (it is a dependency of tsx, so it is installed), the command runs through tsx as before.
 */
"use strict";
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} = require("node:fs");
const Module = require("node:module");
const { dirname, join, resolve } = require("node:path");
const vm = require("node:vm");

const ROOT = resolve(__dirname, "../..");
const ENTRY = join(ROOT, "tools/cli.ts");
const OUT_DIR = join(ROOT, ".gen/infra");
const BUNDLE = join(OUT_DIR, "cli.js");
const SCAN_ENTRY = join(ROOT, "environments/credentials/scan-core.mjs");
const SCAN_BUNDLE = join(OUT_DIR, "scan-core.cjs");
const INPUTS = join(OUT_DIR, "inputs.json");

/** True when the bundle exists and every input still has the size and modification time it was built from. */
function isFresh() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(INPUTS, "utf8"));
  } catch {
    return false;
  }
  if (!Array.isArray(recorded.inputs) || !existsSync(BUNDLE) || !existsSync(SCAN_BUNDLE)) return false;
  return recorded.inputs.every(({ path, size, mtimeMs }) => {
    try {
      const stat = statSync(join(ROOT, path));
      return stat.size === size && stat.mtimeMs === mtimeMs;
    } catch {
      return false;
    }
  });
}

/**
 * npm packages bundled in rather than loaded from node_modules: their many small modules cost more to load one by
 * one than the command's own work on a small plan (measured: zod 80 ms of CPU loaded from node_modules, ~30 ms
 * bundled; secretlint 130 ms through Node's ES module loader, ~60 ms bundled into one CommonJS file; commander 31 ms
 * from node_modules, 8 ms bundled and compiled from the code cache).
 */
const BUNDLED_PACKAGES = ["zod", "commander"];

/** One esbuild bundle: its output text and the inputs it read. */
function bundle(esbuild, entry, outfile, options) {
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    metafile: true,
    write: false,
    outfile,
    logLevel: "silent",
    ...options,
  });
  return { outfile, contents: result.outputFiles[0].contents, inputs: Object.keys(result.metafile.inputs) };
}

/**
 * Builds the CLI bundle and, beside it, the credential scan (scan-core.mjs with secretlint) as one CommonJS file;
 * written under temporary names and renamed, so a concurrent run never reads half a file.
 */
function build() {
  const esbuild = require("esbuild");
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((name) => !BUNDLED_PACKAGES.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
  // INFRA_COMPILED tells environments/credentials/credential-scan.ts that the bundled scan sits beside it.
  const outputs = [
    bundle(esbuild, ENTRY, BUNDLE, { external, define: { INFRA_COMPILED: "true" } }),
    bundle(esbuild, SCAN_ENTRY, SCAN_BUNDLE, {}),
  ];
  const inputs = [...new Set(outputs.flatMap((o) => o.inputs))].map((path) => {
    const stat = statSync(join(ROOT, path));
    return { path, size: stat.size, mtimeMs: stat.mtimeMs };
  });
  mkdirSync(OUT_DIR, { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  for (const o of outputs) writeFileSync(o.outfile + suffix, o.contents);
  writeFileSync(INPUTS + suffix, JSON.stringify({ inputs }));
  for (const o of outputs) renameSync(o.outfile + suffix, o.outfile);
  renameSync(INPUTS + suffix, INPUTS);
  // The code caches of the bundles just replaced can never be used again (see codeCachePath).
  for (const name of readdirSync(OUT_DIR)) if (name.includes(".v8-cache")) unlinkSync(join(OUT_DIR, name));
}

/**
 * Where the code cache of a bundle is kept: named by the bundle file's inode, modification time and size, so a cache
 * is only ever read beside the very file it was made from (a rebuild renames a new file into place). V8 itself
 * checks only the source's length, its version and its flags.
 */
function codeCachePath(file) {
  const stat = statSync(file);
  return `${file}.v8-cache-${stat.ino}-${stat.mtimeMs}-${stat.size}`;
}

/**
 * Bundles loaded without a usable code cache: theirs is written once the command has run (saveCodeCaches), with the
 * cache file's modification time as this run found it (undefined: there was none).
 */
const codeCachesToWrite = [];

/** The modification time of a file, undefined when there is none. */
function modifiedAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Loads a bundle as CommonJS, compiled from V8's code cache when there is one. Compiling the CLI bundle (1.4 MB) cost
 * about 50 ms of every command, and the functions a command runs were compiled again at every run; the cache holds
 * both, made at the end of a run. The credential scan bundle, required from inside, is loaded the same way.
 */
function requireCached(file) {
  if (require.cache[file]) return require.cache[file].exports;
  const cachePath = codeCachePath(file);
  const found = modifiedAt(cachePath);
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    // none yet: this run makes it
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) codeCachesToWrite.push({ script, cachePath, found });
  const loaded = new Module(file, module);
  loaded.filename = file;
  loaded.paths = Module._nodeModulePaths(dirname(file));
  const plain = Module.createRequire(file);
  const requireFromBundle = Object.assign((id) => (id === SCAN_BUNDLE ? requireCached(SCAN_BUNDLE) : plain(id)), plain);
  require.cache[file] = loaded;
  try {
    script.runInThisContext().call(loaded.exports, loaded.exports, requireFromBundle, loaded, file, dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  loaded.loaded = true;
  return loaded.exports;
}

/**
 * Writes the code caches the run lacked (see requireCached); a cache that cannot be written is simply not there. A
 * cache another run wrote meanwhile (runs in parallel, started before the first of them had written it) is kept:
 * writing it again would only replace a usable cache with an equal one.
 */
function saveCodeCaches() {
  for (const { script, cachePath, found } of codeCachesToWrite.splice(0)) {
    if (modifiedAt(cachePath) !== found) continue;
    const temporary = `${cachePath}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cachePath);
    } catch {
      // read-only checkout, full disk: the next run compiles as this one did
    }
  }
}

/** TypeScript files required at run time (the stage files) load through tsx, registered on first use. */
function loadTypeScriptOnDemand() {
  if (Module._extensions[".ts"]) return;
  Module._extensions[".ts"] = function loadThroughTsx(module, filename) {
    delete Module._extensions[".ts"];
    require("tsx/cjs");
    return Module._extensions[".ts"](module, filename);
  };
}

/** The CLI module (`main`, `buildProgram`), compiled when possible. */
function loadCli() {
  try {
    if (!isFresh()) build();
    loadTypeScriptOnDemand();
    return requireCached(BUNDLE);
  } catch (error) {
    if (process.env.INFRA_DEBUG) process.stderr.write(`infra: running through tsx (${error.message})\n`);
    require("tsx/cjs");
    return require(ENTRY);
  }
}

/** The bundled credential scan, built first if a source changed (for code that runs outside the compiled CLI). */
function scanBundle() {
  if (!isFresh()) build();
  return SCAN_BUNDLE;
}

module.exports = { loadCli, build, isFresh, scanBundle, saveCodeCaches, BUNDLE, INPUTS };

// `node tools/bin/compiled-cli.js` builds the bundle (npm's postinstall does, so the first command starts fast).
if (require.main === module) build();
