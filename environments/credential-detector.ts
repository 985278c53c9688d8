/**
 * Recognizes credential-shaped strings, so that a secret *value* can never slip into stage config, a rendered
 * fly.toml or synthesized Terraform. Config holds secret names; values live in AWS Secrets Manager.
 *
 * Shapes come from secretlint's recommended preset plus the project's own rules (credentials/project-rules.mjs),
 * run by credentials/credential-scan.ts. The free-text rules (long hex) and the entropy heuristic below run only on
 * free text (see `isFreeText`), because identifiers such as Cloudflare zone ids are long random hex by nature.
 */
import { scanForCredentials } from "./credentials/credential-scan";

export interface CredentialFinding {
  /** What kind of credential the value looks like, in words. */
  readonly kind: string;
}

/** Shortest run of characters the entropy detector considers; shorter strings carry too little signal. */
const MIN_ENTROPY_LENGTH = 24;
/** Bits per character above which a long, mixed-class token reads as random (English words sit near 3–3.5). */
const ENTROPY_THRESHOLD = 4.0;

function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function looksRandom(token: string): boolean {
  if (token.length < MIN_ENTROPY_LENGTH) return false;
  // URLs and paths are long but structured; their secret-bearing forms are caught by the patterns above.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(token) || token.includes("/")) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((c) => c.test(token)).length;
  return classes >= 3 && shannonEntropy(token) >= ENTROPY_THRESHOLD;
}

/** Terraform references (`${aws_kms_key.secrets_key_1A2B3C4D.arn}`) carry hashed construct ids, not secrets. */
function entropyFinding(value: string): CredentialFinding | undefined {
  const withoutReferences = value.replace(/\$\{[^}]*\}/g, " ");
  for (const token of withoutReferences.split(/[\s;,'"=]+/)) {
    if (looksRandom(token)) return { kind: "a long high-entropy string (a key or token)" };
  }
  return undefined;
}

/**
 * What each value looks like if it is credential-shaped, or undefined, in order: secretlint (credential-scan.ts)
 * over every value, its free-text rules and the entropy heuristic only where `freeText` says so.
 */
export function detectCredentials(
  values: ReadonlyArray<{ readonly text: string; readonly freeText: boolean }>,
): Array<CredentialFinding | undefined> {
  const anywhere = values.map((v) => (v.freeText ? "" : v.text));
  const free = values.map((v) => (v.freeText ? v.text.replace(/\$\{[^}]*\}/g, " ") : ""));
  const [anywhereFindings, freeFindings] = [
    scanForCredentials(anywhere, "anywhere"),
    scanForCredentials(free, "freeText"),
  ];
  return values.map((v, i) => {
    const found = (v.freeText ? freeFindings[i] : anywhereFindings[i])[0];
    if (found) return { kind: found.kind };
    return v.freeText ? entropyFinding(v.text) : undefined;
  });
}

/** One value: what it looks like if it is credential-shaped, or undefined. */
export function detectCredential(value: string, freeText = true): CredentialFinding | undefined {
  return detectCredentials([{ text: value, freeText }])[0];
}

/** Keys whose values are identifiers (random by design) or Terraform addresses (`removed`/`moved` blocks' `from` and `to`), exempt from the entropy detector but not the patterns. */
const IDENTIFIER_KEY = /(^id$|Id$|Ids$|_id$|_ids$|^arn$|Arn$|_arn$|^from$|^to$)/;

/** A path segment (object key) holds free text unless it names an identifier. */
export function isFreeText(key: string | number | undefined): boolean {
  return typeof key !== "string" || !IDENTIFIER_KEY.test(key);
}

export interface CredentialHit {
  /** Where it is: for a key, the path of the object holding it (the key itself is never repeated). */
  readonly path: Array<string | number>;
  readonly kind: string;
  /** True when an object key, not a value, is credential-shaped. */
  readonly isKey: boolean;
}

/**
 * Walks any JSON-like value and reports every credential-shaped string with its path: values, and object keys
 * (a key is never free text). One scan for the whole value.
 */
export function findCredentials(value: unknown, path: Array<string | number> = []): CredentialHit[] {
  const found: Array<{ path: Array<string | number>; text: string; freeText: boolean; isKey: boolean }> = [];
  const walk = (v: unknown, at: Array<string | number>): void => {
    if (typeof v === "string") {
      const lastKey = [...at].reverse().find((p) => typeof p === "string");
      found.push({ path: at, text: v, freeText: isFreeText(lastKey), isKey: false });
    } else if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...at, i]));
    else if (v !== null && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        found.push({ path: at, text: k, freeText: false, isKey: true });
        walk(item, [...at, k]);
      }
    }
  };
  walk(value, path);
  const findings = detectCredentials(found);
  return found.flatMap((f, i) => (findings[i] ? [{ path: f.path, kind: findings[i].kind, isKey: f.isKey }] : []));
}
