#!/usr/bin/env node
// The `infra` bin: runs tools/cli.ts through tsx so the command needs no build step.
require("tsx/cjs");
const { main } = require("../cli.ts");
main(process.argv.slice(2)).then((code) => process.exit(code));
