/**
 * Finds credential-shaped strings (API tokens, keys, connection strings with passwords, ...) with secretlint's
 * recommended preset and the project's own rules (project-rules.mjs). This is the one credential detector:
 * stage-config validation and fly.toml rendering (credential-detector.ts) and the scrubber of everything plan review
 * and drift print (tools/plan/scrub.ts) all use it. Findings carry positions and the rule, never the text found.
 *
 * @secretlint/core is ESM-only and asynchronous; the scan itself is scan-core.mjs. Two ways to call it:
 * - `scanForCredentials` (synchronous, for synthesis and validation): the scan runs in a worker thread
 *   (scan-worker.mjs) that `synckit` blocks on. That works under plain Node, tsx and jest (whose CommonJS module
 *   system cannot load ESM packages in-process). The worker starts on the first scan and is reused; it does not
 *   keep the process alive.
 * - `scanForCredentialsAsync` (for the `infra` command, which is async anyway): the scan runs in this thread, the
 *   ES modules loaded with Node's require(esm); a worker's own start-up (about 70 ms of CPU and 20 MB for its heap,
 *   measured with bench/plan-review.bench.ts) is saved. Where the modules cannot load here (jest), it uses the
 *   worker.
 */
import { join } from "node:path";
import { projectPath } from "../project-root";

export interface CredentialFinding {
  /** Start and end (exclusive) of the credential in the scanned text, widened to the whole token it sits in. */
  readonly start: number;
  readonly end: number;
  /** The secretlint rule that matched, e.g. `@secretlint/secretlint-rule-github`. */
  readonly ruleId: string;
  /** What it looks like, in words: "a GitHub token". */
  readonly kind: string;
}

interface RawFinding {
  readonly ruleId: string;
  readonly pattern?: string;
  readonly start: number;
  readonly end: number;
}

/** `anywhere` for any text; `freeText` adds shapes that identifiers share (long hex), for text that is never an id. */
export type ScanProfile = "anywhere" | "freeText";

const KINDS: Record<string, string> = {
  "@secretlint/secretlint-rule-aws": "an AWS access key id or secret access key",
  "@secretlint/secretlint-rule-gcp": "a Google Cloud service account key",
  "@secretlint/secretlint-rule-github": "a GitHub token",
  "@secretlint/secretlint-rule-npm": "an npm token",
  "@secretlint/secretlint-rule-slack": "a Slack token or webhook",
  "@secretlint/secretlint-rule-sendgrid": "a SendGrid API key",
  "@secretlint/secretlint-rule-shopify": "a Shopify token",
  "@secretlint/secretlint-rule-openai": "an OpenAI API key",
  "@secretlint/secretlint-rule-anthropic": "an Anthropic API key",
  "@secretlint/secretlint-rule-linear": "a Linear API key",
  "@secretlint/secretlint-rule-1password": "a 1Password service account token",
  "@secretlint/secretlint-rule-privatekey": "a private key",
  "@secretlint/secretlint-rule-basicauth": "a URL with a password",
  "@secretlint/secretlint-rule-database-connection-string": "a database connection string with a password",
};

/** Characters that end a token: a credential never contains them, and the text around it (JSON, markdown) uses them. */
const TOKEN_END = /[\s"'`|<>,;()[\]{}\\]/;

/**
 * secretlint's ranges sometimes start at the name of a setting (`aws_secret_access_key = ...`) and are as long as
 * the value, so they stop short of the value's end, or start after a token's prefix (`ghp_`); widening each range
 * to the whole token it touches covers all of it.
 */
function widen(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (s > 0 && !TOKEN_END.test(text[s - 1])) s--;
  let e = Math.max(end, start);
  while (e < text.length && !TOKEN_END.test(text[e])) e++;
  return [s, e];
}

let scanSync: ((texts: readonly string[], profile: ScanProfile) => RawFinding[][]) | undefined;

/** Defined (true) only in the compiled `infra` bundle, by its build (tools/bin/compiled-cli.js). */
declare const INFRA_COMPILED: boolean | undefined;

type ScanTexts = (texts: readonly string[], profile: ScanProfile) => Promise<RawFinding[][]>;
/** The in-thread scan once loaded; null when this runtime cannot load it (then the worker is used). */
let scanHere: ScanTexts | null | undefined;

function findings(texts: readonly string[], raw: RawFinding[][]): CredentialFinding[][] {
  return raw.map((found, i) =>
    found.map((f) => {
      const [start, end] = widen(texts[i], f.start, f.end);
      return { start, end, ruleId: f.ruleId, kind: f.pattern ?? KINDS[f.ruleId] ?? `a credential (${f.ruleId})` };
    }),
  );
}

/** Scans each text; returns the findings per text, in order. */
export function scanForCredentials(texts: readonly string[], profile: ScanProfile = "anywhere"): CredentialFinding[][] {
  if (texts.every((t) => t.length === 0)) return texts.map(() => []);
  // synckit is loaded on the first synchronous scan (stage-config validation, fly.toml rendering): plan review and
  // drift never make one, and loading it (with the node:crypto and worker modules it requires) cost about 27 ms of
  // CPU at every start of the `infra` command.
  const { createSyncFn } = require("synckit") as typeof import("synckit");
  scanSync ??= createSyncFn(projectPath("environments", "credentials", "scan-worker.mjs"), {
    timeout: 60_000,
  }) as unknown as NonNullable<typeof scanSync>;
  return findings(texts, scanSync(texts, profile));
}

/**
 * The scan for this thread, or null. The compiled `infra` command has it bundled beside it (one file to load instead
 * of secretlint's ES module graph); plain Node and tsx load the ES modules with require(esm); jest, whose module
 * system cannot, loads the same bundle (tools/bin/compiled-cli.js rebuilds it first if a source changed). A test
 * suite that reviews a thousand plans then pays no worker round trips (measured: 51 s of its 55 s were spent
 * waiting on the worker).
 */
function loadScanHere(): ScanTexts | null {
  const candidates =
    typeof INFRA_COMPILED !== "undefined"
      ? [() => join(__dirname, "scan-core.cjs")]
      : [
          () => projectPath("environments", "credentials", "scan-core.mjs"),
          () => (require(projectPath("tools", "bin", "compiled-cli.js")) as { scanBundle(): string }).scanBundle(),
        ];
  for (const path of candidates) {
    try {
      return (require(path()) as { scanTexts: ScanTexts }).scanTexts;
    } catch {
      // not loadable in this runtime: the next way, or the worker
    }
  }
  return null;
}

/** The same, without blocking: in this thread where the runtime allows (see above), else through the worker. */
export async function scanForCredentialsAsync(
  texts: readonly string[],
  profile: ScanProfile = "anywhere",
): Promise<CredentialFinding[][]> {
  if (texts.every((t) => t.length === 0)) return texts.map(() => []);
  if (scanHere === undefined) scanHere = loadScanHere();
  return scanHere ? findings(texts, await scanHere(texts, profile)) : scanForCredentials(texts, profile);
}

/** The credential-shaped strings in a text: the longest token of each finding (the value, not a setting's name). */
export function credentialStrings(text: string, profile: ScanProfile = "anywhere"): string[] {
  const [findings] = scanForCredentials([text], profile);
  return findings.map((f) => longestToken(text.slice(f.start, f.end)));
}

function longestToken(span: string): string {
  return span.split(/[\s"'`=]+/).reduce((a, b) => (b.length > a.length ? b : a), "");
}

export const REDACTED = "(redacted)";

/** The text with each finding's span replaced by `(redacted)` (overlapping spans once). */
export function redactFindings(text: string, findings: readonly CredentialFinding[]): string {
  if (findings.length === 0) return text;
  let out = "";
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.end <= at) continue;
    out += text.slice(at, Math.max(at, f.start)) + REDACTED;
    at = f.end;
  }
  return out + text.slice(at);
}

/** The text with every credential-shaped span replaced by `(redacted)`. */
export function redactCredentials(text: string): string {
  return redactFindings(text, scanForCredentials([text])[0]);
}
