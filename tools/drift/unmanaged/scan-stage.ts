/**
 * `infra drift <stage> --unmanaged`: for one stage, what is declared (its state, read with `terraform state pull`
 * in the synthesized stack directory, and its config) against what each platform holds inside the stage's own
 * namespaces. A platform whose read token is missing is listed as not scanned, never silently passed. For the
 * bootstrap stack the namespace is the app's IAM roles (`<app>-*`).
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import Cloudflare from "cloudflare";
import type { StageConfig } from "../../../environments";
import { secretEnvName } from "../../../environments/types";
import { VERCEL_APEX_ADDRESS, VERCEL_CNAME_TARGET } from "../../../constructs/cloudflare/edge-dns";
import { deployEnvironmentName, secretPrefix } from "../../../constructs/names";
import { secretsClient } from "../../secrets/secrets-client";
import { terraform } from "../../terraform";
import { parseState, stateDnsRecords, stateValues, type TerraformState } from "./declared";
import type { UnmanagedFinding } from "./findings";
import { unmanagedDns, unmanagedGitHub, unmanagedRoles, unmanagedSecrets } from "./scanners";

export interface UnmanagedScan {
  readonly findings: readonly UnmanagedFinding[];
  /** Platforms not scanned, and why (a missing read token). */
  readonly notScanned: readonly string[];
}

export async function pullState(stackDir: string, stage: string, env: NodeJS.ProcessEnv): Promise<TerraformState> {
  return parseState(await terraform(["state", "pull"], stackDir, env), stage);
}

const RetryingOctokit = Octokit.plugin(retry);

/** Unmanaged things in one stage's namespaces. */
export async function scanStage(
  stage: StageConfig,
  allStages: readonly StageConfig[],
  state: TerraformState,
  env: NodeJS.ProcessEnv,
): Promise<UnmanagedScan> {
  const findings: UnmanagedFinding[] = [];
  const notScanned: string[] = [];
  const without = (platform: string, variable: string) =>
    notScanned.push(`${platform}: no ${variable} (a read-only token) in the environment`);

  findings.push(
    ...(await unmanagedSecrets(
      secretsClient(stage, env),
      secretPrefix(stage.app, stage.name),
      new Set(stateValues(state, "aws_secretsmanager_secret", "name")),
      stage.name,
    )),
  );

  if (env.GITHUB_TOKEN) {
    const octokit = new RetryingOctokit({
      auth: env.GITHUB_TOKEN,
      baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
      userAgent: "platform-infra",
      retry: { retryAfterBaseValue: 200 },
    });
    findings.push(
      ...(await unmanagedGitHub(
        octokit,
        { owner: stage.github.owner, repo: stage.github.repository, environment: deployEnvironmentName(stage.name) },
        {
          secrets: new Set(stage.secrets.filter((s) => s.consumers.includes("github")).map(secretEnvName)),
          variables: new Set(stateValues(state, "github_actions_environment_variable", "variable_name")),
        },
      )),
    );
  } else without("GitHub", "GITHUB_TOKEN");

  if (env.CLOUDFLARE_API_TOKEN) {
    const cloudflare = new Cloudflare({
      apiToken: env.CLOUDFLARE_API_TOKEN,
      maxRetries: 4,
      ...(env.CLOUDFLARE_BASE_URL ? { baseURL: env.CLOUDFLARE_BASE_URL } : {}),
    });
    const zone = allStages.filter((s) => s.cloudflare.zoneId === stage.cloudflare.zoneId);
    const others = zone
      .filter((s) => s.name !== stage.name)
      .flatMap((s) => [...s.vercel.domains, s.cloudflare.apiHostname].map((name) => ({ name })));
    findings.push(
      ...(await unmanagedDns(cloudflare, {
        zoneId: stage.cloudflare.zoneId,
        domain: stage.cloudflare.domain,
        wholeZone: stage.cloudflare.ownsZone,
        hosts: [...stage.vercel.domains, stage.cloudflare.apiHostname],
        declared: [...stateDnsRecords(state), ...others],
        knownTargets: [VERCEL_APEX_ADDRESS, VERCEL_CNAME_TARGET, ...zone.map((s) => `${s.fly.app}.fly.dev`)],
      })),
    );
  } else without("Cloudflare", "CLOUDFLARE_API_TOKEN");

  if (env.VERCEL_API_TOKEN) {
    // ESM-only SDK: loaded here, by the CLI, only when a Vercel scan runs.
    const { Vercel } = require("@vercel/sdk") as typeof import("@vercel/sdk");
    const { unmanagedVercel } = require("./vercel-scanner") as typeof import("./vercel-scanner");
    const vercel = new Vercel({
      bearerToken: env.VERCEL_API_TOKEN,
      ...(env.VERCEL_API_URL ? { serverURL: env.VERCEL_API_URL } : {}),
      retryConfig: {
        strategy: "backoff",
        backoff: { initialInterval: 200, maxInterval: 4000, exponent: 2, maxElapsedTime: 30_000 },
        retryConnectionErrors: true,
      },
    });
    findings.push(
      ...(await unmanagedVercel(vercel, {
        teamId: stage.vercel.teamId,
        project: stage.vercel.projectName,
        declaredEnv: new Set(stateValues(state, "vercel_project_environment_variable", "key")),
        declaredDomains: new Set(stateValues(state, "vercel_project_domain", "domain")),
      })),
    );
  } else without("Vercel", "VERCEL_API_TOKEN");

  return { findings, notScanned };
}

/** Unmanaged things in the bootstrap stack's namespace: IAM roles named `<app>-*`. */
export async function scanBootstrap(
  app: string,
  region: string,
  state: TerraformState,
  env: NodeJS.ProcessEnv,
): Promise<UnmanagedScan> {
  const endpoint = env.AWS_ENDPOINT_URL_IAM ?? env.AWS_ENDPOINT_URL;
  const iam = new IAMClient({ region, ...(endpoint ? { endpoint } : {}) });
  return {
    findings: await unmanagedRoles(iam, app, new Set(stateValues(state, "aws_iam_role", "name"))),
    notScanned: [],
  };
}
