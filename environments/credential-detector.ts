/**
 * Recognizes credential-shaped strings, so that a secret *value* can never slip into stage config, a rendered
 * fly.toml or synthesized Terraform. Config holds secret names; values live in AWS Secrets Manager.
 *
 * Pattern detectors run on every string. The entropy detector runs only on free text (see `isFreeText`), because
 * identifiers such as Cloudflare zone ids are long random hex by nature and are not secrets.
 */

export interface CredentialFinding {
  /** What kind of credential the value looks like, in words. */
  readonly kind: string;
}

const PATTERNS: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: "an AWS access key id", pattern: /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: "an AWS secret access key", pattern: /aws.{0,20}?(secret|key).{0,5}?[=:]\s*["']?[A-Za-z0-9/+]{40}\b/i },
  { kind: "a GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { kind: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ },
  { kind: "a private key", pattern: /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { kind: "a URL with a password", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i },
  { kind: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: "a Stripe secret key", pattern: /\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}\b/ },
  { kind: "a Vercel or Fly.io token", pattern: /\b(fo1_[A-Za-z0-9_-]{20,}|FlyV1 [A-Za-z0-9+/=_-]{20,})/ },
  { kind: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
];

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

/**
 * Returns what the value looks like if it is credential-shaped, or undefined.
 * @param freeText also apply the high-entropy detector (descriptions, CSP, env values, commands)
 */
export function detectCredential(value: string, freeText = true): CredentialFinding | undefined {
  for (const { kind, pattern } of PATTERNS) {
    if (pattern.test(value)) return { kind };
  }
  if (freeText) {
    // Terraform references (`${aws_kms_key.secrets_key_1A2B3C4D.arn}`) carry hashed construct ids, not secrets.
    const withoutReferences = value.replace(/\$\{[^}]*\}/g, " ");
    for (const token of withoutReferences.split(/[\s;,'"=]+/)) {
      if (looksRandom(token)) return { kind: "a long high-entropy string (a key or token)" };
    }
  }
  return undefined;
}

/** Keys whose values are identifiers (random by design) or Terraform addresses (`removed`/`moved` blocks' `from` and `to`), exempt from the entropy detector but not the patterns. */
const IDENTIFIER_KEY = /(^id$|Id$|Ids$|^arn$|Arn$|^from$|^to$)/;

/** A path segment (object key) holds free text unless it names an identifier. */
export function isFreeText(key: string | number | undefined): boolean {
  return typeof key !== "string" || !IDENTIFIER_KEY.test(key);
}

export interface CredentialHit {
  readonly path: Array<string | number>;
  readonly kind: string;
}

/** Walks any JSON-like value and reports every credential-shaped string with its path. */
export function findCredentials(value: unknown, path: Array<string | number> = []): CredentialHit[] {
  if (typeof value === "string") {
    const lastKey = [...path].reverse().find((p) => typeof p === "string");
    const finding = detectCredential(value, isFreeText(lastKey));
    return finding ? [{ path, kind: finding.kind }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => findCredentials(item, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => findCredentials(v, [...path, k]));
  }
  return [];
}
