#!/usr/bin/env -S node --max-semi-space-size=1
// The `infra` bin: runs the CLI compiled to JavaScript (tools/bin/compiled-cli.js rebuilds it when a source file
// changes), so the command needs no build step and pays no TypeScript loader at every start.
// A 1 MB young generation keeps peak memory near the data on large plans at no measurable cost in time
// (bench/plan-review.bench.ts); `npm run infra` passes the same flag.
const { main } = require("./compiled-cli").loadCli();
// Exit only once stdout has drained: process.exit() with a large report still queued on a pipe would cut it off.
main(process.argv.slice(2)).then((code) => process.stdout.write("", () => process.exit(code)));
