/**
 * The last line of defence for everything plan review and drift print (markdown, JSON, the PR comment, the drift
 * issue, the step summary, error messages): every value Terraform marks sensitive anywhere in the plan
 * (sensitive-values.ts) becomes `(sensitive)` wherever it appears, in any of the encodings the output uses (raw,
 * JSON-escaped, HTML-escaped, markdown-escaped); every credential-shaped string (secretlint's recommended preset and
 * the project's rules, environments/credentials/credential-scan.ts) becomes `(redacted)`.
 *
 * Values shorter than MIN_SCRUB_LENGTH are not searched for in free text: "true", "443" or "us" occur everywhere and
 * replacing them would make the output unreadable without protecting anything. They are still masked where
 * Terraform marks them (the attribute tables, outputs and risk notes are built from masked values).
 */
import {
  redactFindings,
  scanForCredentials,
  scanForCredentialsAsync,
  type CredentialFinding,
} from "../../environments/credentials/credential-scan";
import { SENSITIVE } from "./attribute-diff";
import { LiteralMatcher } from "./literal-matcher";
import type { PlanJson } from "./plan-json";
import { sensitiveValues } from "./sensitive-values";

/** Shortest sensitive value searched for in free text (see above). */
export const MIN_SCRUB_LENGTH = 6;

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** The ways a value can be written into the output: raw, inside a JSON string, HTML-escaped, markdown-escaped. */
function encodings(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value.replace(/[&<>"']/g, (c) => HTML[c]);
  const markdown = value.replace(/[\\`*_[\]|~#]/g, (c) => `\\${c}`);
  return [...new Set([value, json, html, markdown, escapeHtmlCode(value)])];
}

/** The escaping render-markdown.ts applies inside `<code>` (kept here so the scrubber knows every form). */
export function escapeHtmlCode(text: string): string {
  return text.replace(/[&<>|`*_[\]\\~#]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the scrubber looks for: each form of each sensitive value, and the values as whole strings. */
interface Targets {
  readonly forms: LiteralMatcher;
  /** Sensitive values as whole strings, for numbers that would print as one (`"port": 123456`). */
  readonly values: ReadonlySet<string>;
}

function targets(sensitive: Iterable<string>): Targets {
  const forms: string[] = [];
  const values = new Set<string>();
  for (const value of sensitive) {
    if (value.length < MIN_SCRUB_LENGTH) continue;
    values.add(value);
    forms.push(...encodings(value));
  }
  // Leftmost, longest first: a value is replaced whole before any shorter value inside it.
  return { forms: new LiteralMatcher(forms, MIN_SCRUB_LENGTH), values };
}

export class Scrubber {
  private readonly targets: Targets;
  /** Texts (already cleared of sensitive values) already scanned for credentials, and the result. */
  private readonly scanned = new Map<string, string>();

  /** A scrubber for the sensitive values of a plan (and credential shapes, always). */
  static forPlan(plan: PlanJson): Scrubber {
    return new Scrubber(sensitiveValues(plan));
  }

  constructor(sensitive: Iterable<string> = []) {
    this.targets = targets(sensitive);
  }

  /**
   * The text with the plan's sensitive values replaced; credential shapes left alone (the final text is scanned for
   * those). Renderers call it on every piece of plan text they write, before measuring or shortening it.
   */
  sensitive(text: string): string {
    return this.targets.forms.replaceAll(text, SENSITIVE);
  }

  /** Each text with sensitive values and credential-shaped strings replaced (one credential scan for all). */
  texts(texts: readonly string[]): string[] {
    const stage1 = texts.map((t) => this.sensitive(t));
    const missing = stage1.filter((t) => !this.scanned.has(t));
    if (missing.length > 0) this.remember(missing, scanForCredentials(missing));
    return stage1.map((t) => this.scanned.get(t)!);
  }

  text(text: string): string {
    return this.texts([text])[0];
  }

  /** The same without blocking: the credential scan runs in this thread where it can (credential-scan.ts). */
  async textsAsync(texts: readonly string[]): Promise<string[]> {
    await this.prepare(texts);
    return this.texts(texts);
  }

  async textAsync(text: string): Promise<string> {
    return (await this.textsAsync([text]))[0];
  }

  /**
   * Scans texts ahead, without blocking, so that `text()` finds them done: a renderer that must scrub a value
   * whole before shortening it (render-markdown.ts) then never starts the scan's worker thread.
   */
  async prepare(texts: readonly string[]): Promise<void> {
    const missing = [...new Set(texts.map((t) => this.sensitive(t)))].filter((t) => !this.scanned.has(t));
    if (missing.length > 0) this.remember(missing, await scanForCredentialsAsync(missing));
  }

  private remember(texts: readonly string[], findings: readonly CredentialFinding[][]): void {
    texts.forEach((text, i) => this.scanned.set(text, redactFindings(text, findings[i])));
  }

  /** A number that would print as a sensitive value. */
  private sensitiveNumber(n: number): boolean {
    return this.targets.values.size > 0 && this.targets.values.has(String(n));
  }

  /**
   * `value` as JSON text, scrubbed: every string and object key is cleared of the plan's sensitive values and of
   * credential shapes, and a number that is a sensitive value becomes `"(sensitive)"`, so the text stays valid JSON.
   * Each distinct string is scanned once (all of them in one credential scan), which scans everything the text holds
   * but its punctuation: a credential cannot span two JSON strings.
   */
  async json(value: unknown): Promise<string> {
    const distinct = new Set<string>();
    let numbers = false;
    const collect = (node: unknown): void => {
      if (typeof node === "string") distinct.add(node);
      else if (typeof node === "number") numbers ||= this.sensitiveNumber(node);
      else if (Array.isArray(node)) for (const item of node) collect(item);
      else if (node !== null && typeof node === "object")
        for (const key of Object.keys(node)) {
          distinct.add(key);
          collect((node as Record<string, unknown>)[key]);
        }
    };
    collect(value);
    const originals = [...distinct];
    const cleaned = await this.textsAsync(originals);
    const changed = new Map<string, string>();
    originals.forEach((text, i) => {
      if (cleaned[i] !== text) changed.set(text, cleaned[i]);
    });
    // Nothing to replace (the usual case): JSON.stringify's fast path, without a replacer.
    if (changed.size === 0 && !numbers) return JSON.stringify(value);
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "string") return changed.get(v) ?? v;
      if (typeof v === "number") return this.sensitiveNumber(v) ? SENSITIVE : v;
      if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
      const keys = Object.keys(v);
      if (!keys.some((k) => changed.has(k))) return v;
      return Object.fromEntries(keys.map((k) => [changed.get(k) ?? k, (v as Record<string, unknown>)[k]]));
    });
  }

  /**
   * A scrubbed copy of a JSON-like value of our own (a drift report): every string and object key loses the plan's
   * sensitive values; strings longer than `credentialScanAbove` are also scanned for credential shapes here,
   * because a renderer may shorten them and cut a credential in half (shorter ones are printed whole and caught by
   * the scan of the final text). The input is never changed: it may share objects with the plan.
   */
  value<T>(value: T, credentialScanAbove = 0): T {
    const long: Array<{ holder: Record<string | number, unknown>; key: string | number }> = [];
    const copy = (node: unknown, holder: Record<string | number, unknown>, key: string | number): void => {
      if (typeof node === "string") {
        const clean = this.sensitive(node);
        holder[key] = clean;
        if (clean.length > credentialScanAbove) long.push({ holder, key });
      } else if (typeof node === "number" && this.sensitiveNumber(node)) {
        holder[key] = SENSITIVE;
      } else if (Array.isArray(node)) {
        const out: unknown[] = new Array<unknown>(node.length);
        holder[key] = out;
        node.forEach((item, i) => copy(item, out as unknown as Record<number, unknown>, i));
      } else if (node !== null && typeof node === "object") {
        const out: Record<string, unknown> = {};
        holder[key] = out;
        for (const k of Object.keys(node)) copy((node as Record<string, unknown>)[k], out, this.sensitive(k));
      } else {
        holder[key] = node;
      }
    };
    const root: Record<string, unknown> = {};
    copy(value, root, "value");
    if (long.length > 0) {
      const scanned = this.texts(long.map((l) => l.holder[l.key] as string));
      long.forEach((l, i) => (l.holder[l.key] = scanned[i]));
    }
    return root.value as T;
  }
}
