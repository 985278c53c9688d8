/**
 * Running the real `terraform` binary for tools and tests: a project-local CLI config (the environment's
 * TF_CLI_CONFIG_FILE may point at nothing), a shared plugin cache, no checkpoint calls, and JSON results.
 *
 * Providers install from a filesystem mirror when the machine has one for a provider (offline machines carry
 * hashicorp/aws that way) and directly from the registry otherwise.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../environments/project-root";

const CACHE_DIR = join(PROJECT_ROOT, ".cache");

/** Where provider mirrors are commonly found; the first that holds a provider wins. */
const MIRROR_CANDIDATES = [
  "/opt/tf-plugins",
  join(homedir(), ".terraform.d", "plugins"),
  join(homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
];

export interface ProviderMirror {
  readonly path: string;
  /** Provider addresses the mirror holds, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly providers: readonly string[];
}

/** Finds the first filesystem mirror on this machine and the providers it holds. */
export function findProviderMirror(candidates: readonly string[] = MIRROR_CANDIDATES): ProviderMirror | undefined {
  for (const path of candidates) {
    const registry = join(path, "registry.terraform.io");
    if (!existsSync(registry)) continue;
    const providers = readdirSync(registry).flatMap((ns) =>
      readdirSync(join(registry, ns)).map((type) => `registry.terraform.io/${ns}/${type}`),
    );
    if (providers.length > 0) return { path, providers };
  }
  return undefined;
}

/** The CLI config text: mirror for what the mirror holds, direct installation for everything else. */
export function renderCliConfig(mirror: ProviderMirror | undefined, pluginCacheDir: string): string {
  const list = (items: readonly string[]) => `[${items.map((p) => JSON.stringify(p)).join(", ")}]`;
  const installation = mirror
    ? [
        "  filesystem_mirror {",
        `    path    = ${JSON.stringify(mirror.path)}`,
        `    include = ${list(mirror.providers)}`,
        "  }",
        "  direct {",
        `    exclude = ${list(mirror.providers)}`,
        "  }",
      ]
    : ["  direct {}"];
  return [
    "# Written by tools/terraform.ts; safe to delete.",
    `plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}`,
    "provider_installation {",
    ...installation,
    "}",
    "",
  ].join("\n");
}

let cliConfigPath: string | undefined;

/** Writes (once per process) the project-local CLI config and returns its path. */
export function ensureCliConfig(): string {
  if (cliConfigPath) return cliConfigPath;
  const pluginCache = join(CACHE_DIR, "terraform-plugins");
  mkdirSync(pluginCache, { recursive: true });
  const path = join(CACHE_DIR, "terraform.tfrc");
  writeFileSync(path, renderCliConfig(findProviderMirror(), pluginCache));
  cliConfigPath = path;
  return path;
}

/**
 * Go's collector target for terraform and its providers unless the caller sets GOGC. Every command decodes the AWS
 * provider's full schema (and the provider builds it), much of it garbage: at 400 instead of Go's 100 a
 * single-stage `infra drift` took 5.1 instead of 6.5 CPU-seconds, for 485 instead of 440 MB peak memory.
 */
const DEFAULT_GOGC = "400";

/** The environment terraform runs with: our CLI config, no checkpoint, no colour, never interactive. */
export function terraformEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    GOGC: DEFAULT_GOGC,
    ...process.env,
    TF_CLI_CONFIG_FILE: ensureCliConfig(),
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    ...extra,
  };
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform <args>` in `cwd`; resolves with the exit code and output, never throws on a non-zero exit. */
export function runTerraform(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<TerraformResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      "terraform",
      [...args],
      { cwd, env: terraformEnv(env), maxBuffer: 512 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an ExecFileException is an Error (spawn failed: ENOENT, …)
        if (error && typeof error.code !== "number") return reject(error);
        resolvePromise({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** One message of a `-json` command's output (Terraform's machine-readable UI). */
export interface JsonMessage {
  readonly type?: string;
  readonly diagnostic?: { readonly severity?: string; readonly summary?: string; readonly detail?: string };
}

/** The newline-delimited messages a `-json` command printed; lines that are not JSON objects are skipped. */
export function jsonMessages(stdout: string): JsonMessage[] {
  return stdout.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as JsonMessage];
    } catch {
      return [];
    }
  });
}

/** Error diagnostics among the messages, as `summary: detail`. */
export function errorDiagnostics(messages: readonly JsonMessage[]): string[] {
  return messages
    .filter((m) => m.type === "diagnostic" && m.diagnostic?.severity === "error")
    .map(({ diagnostic }) =>
      diagnostic?.detail ? `${diagnostic.summary ?? "error"}: ${diagnostic.detail}` : (diagnostic?.summary ?? "error"),
    );
}

/**
 * Like runTerraform but rejects with terraform's own message on failure: its error diagnostics when the command
 * ran with `-json` (they are on stdout then), its stderr otherwise.
 */
export async function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await runTerraform(args, cwd, env);
  if (result.code !== 0) {
    const diagnostics = args.includes("-json") ? errorDiagnostics(jsonMessages(result.stdout)) : [];
    const reason = diagnostics.length > 0 ? diagnostics.join("\n") : result.stderr || result.stdout;
    throw new TerraformError(`terraform ${args.join(" ")} failed (exit ${result.code}) in ${cwd}:\n${reason}`);
  }
  return result.stdout;
}

/** Terraform exited non-zero; the message holds its diagnostics (printed whole, scrubbed, without a stack trace). */
export class TerraformError extends Error {
  override readonly name = "TerraformError";
}
