#!/usr/bin/env -S node --max-semi-space-size=1
// The `infra` bin: runs the CLI compiled to JavaScript (tools/bin/compiled-cli.js rebuilds it when a source file
// changes), so the command needs no build step and pays no TypeScript loader at every start.
// V8 settings for a command that runs for a second or two (each measured with bench/plan-review.bench.ts):
// - a 1 MB young generation keeps peak memory near the data on large plans at no measurable cost in time
//   (`npm run infra` passes the same flag; it can only be set at start);
// - a 30x larger interrupt budget before a function is handed to the optimizing compiler: on a 10,000-resource
//   review most of the optimizing compiler's work was done on background threads for code that ran only a few
//   hundred milliseconds more (10-15% of the command's CPU); code that stays hot for longer is still optimized;
// - the heap may double between full collections (V8 otherwise lets it grow by a factor it works out, here about
//   1.5): on a 10,000-resource review, the full collection V8 started after the forced one (tools/memory.ts) freed
//   3 MB of 60, the data the review keeps to its end. Peak memory is set by the plan's parse, before either.
const v8 = require("node:v8");
v8.setFlagsFromString("--interrupt-budget=2000000");
v8.setFlagsFromString("--heap-growing-percent=100");
const compiled = require("./compiled-cli");
const { main } = compiled.loadCli();
// Exit only once stdout has drained: process.exit() with a large report still queued on a pipe would cut it off.
// The code cache of a bundle run without one is written first (it then holds what this command compiled).
main(process.argv.slice(2)).then((code) => {
  compiled.saveCodeCaches();
  process.stdout.write("", () => process.exit(code));
});
