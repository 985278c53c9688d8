// Preloaded into every Node process npm starts for this project (.npmrc `node-options`), so that the README's quick
// start (`npx cdktf synth`) prints no error lines on a fresh machine:
// - CHECKPOINT_DISABLE: cdktf-cli and terraform otherwise call checkpoint-api.hashicorp.com for version news; offline,
//   that prints a red "[ERROR] ... getaddrinfo ENOTFOUND checkpoint-api.hashicorp.com".
// - TF_CLI_CONFIG_FILE pointing at a file that does not exist makes every terraform command (cdktf runs one) warn
//   "Unable to open CLI configuration file"; such a setting configures nothing, so it is dropped. Our own terraform
//   runs always get the project's config (tools/terraform.ts).
// It is a package (installed as a file: dependency) so `--require` resolves from any working directory npm uses.
"use strict";
if (process.env.CHECKPOINT_DISABLE === undefined) process.env.CHECKPOINT_DISABLE = "1";
const configFile = process.env.TF_CLI_CONFIG_FILE;
if (configFile && !require("node:fs").existsSync(configFile)) delete process.env.TF_CLI_CONFIG_FILE;
