/**
 * The `infra secrets sync-github|sync-cloudflare <stage>` commands: the clients from the environment (the deploy
 * job's credentials), the sync, and one line per delivery. The output names secrets and destinations only.
 */
import { Octokit } from "@octokit/rest";
import Cloudflare from "cloudflare";
import type { StageConfig } from "../../environments";
import { UsageError } from "../usage-error";
import { secretsClient } from "./secrets-client";
import { syncCloudflare } from "./sync-cloudflare";
import { syncGitHub } from "./sync-github";
import type { SyncResult } from "./sync-record";

function required(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name];
  if (!value) throw new UsageError(`no ${name} in the environment; set a token that may ${what}`);
  return value;
}

export async function runSync(
  consumer: "github" | "cloudflare",
  stage: StageConfig,
  format: "markdown" | "json",
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const sm = secretsClient(stage, env);
  let results: SyncResult[];
  if (consumer === "github") {
    const octokit = new Octokit({
      auth: required(env, "GITHUB_TOKEN", "write the repository's environment secrets"),
      baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
      userAgent: "platform-infra",
    });
    results = await syncGitHub(sm, octokit, stage);
  } else {
    const cloudflare = new Cloudflare({
      apiToken: required(env, "CLOUDFLARE_API_TOKEN", "edit the account's notification destinations"),
      ...(env.CLOUDFLARE_BASE_URL ? { baseURL: env.CLOUDFLARE_BASE_URL } : {}),
    });
    results = await syncCloudflare(sm, cloudflare, stage);
  }
  if (format === "json") return `${JSON.stringify({ stage: stage.name, consumer, results }, null, 2)}\n`;
  if (results.length === 0) return `No ${stage.name} secret is consumed by ${consumer}; nothing to sync.\n`;
  return results.map((r) => `${r.secret} → ${r.destination}: ${r.action}\n`).join("");
}
