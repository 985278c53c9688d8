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
import { redactFindings, scanForCredentials } from "../../environments/credentials/credential-scan";
import { SENSITIVE } from "./attribute-diff";
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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class Scrubber {
  private readonly pattern: RegExp | undefined;

  /** A scrubber for the sensitive values of a plan (and credential shapes, always). */
  static forPlan(plan: PlanJson): Scrubber {
    return new Scrubber(sensitiveValues(plan));
  }

  constructor(sensitive: Iterable<string> = []) {
    const forms = new Set<string>();
    for (const value of sensitive) {
      if (value.length < MIN_SCRUB_LENGTH) continue;
      for (const form of encodings(value)) forms.add(form);
    }
    // Longest first, so a value is replaced whole before any shorter value inside it.
    const sorted = [...forms].sort((a, b) => b.length - a.length);
    this.pattern = sorted.length > 0 ? new RegExp(sorted.map(escapeRegExp).join("|"), "g") : undefined;
  }

  /** Sensitive values replaced; credential shapes left alone (see `texts`). */
  private sensitive(text: string): string {
    return this.pattern && text.length >= MIN_SCRUB_LENGTH ? text.replace(this.pattern, SENSITIVE) : text;
  }

  /** Each text with sensitive values and credential-shaped strings replaced (one credential scan for all). */
  texts(texts: readonly string[]): string[] {
    const stage1 = texts.map((t) => this.sensitive(t));
    const findings = scanForCredentials(stage1);
    return stage1.map((text, i) => redactFindings(text, findings[i]));
  }

  text(text: string): string {
    return this.texts([text])[0];
  }

  /**
   * Scrubs a JSON-like value of our own *in place* (the summary: no copy of a large plan's summary is made) and
   * returns it: every string and object key loses the plan's sensitive values; strings longer than
   * `credentialScanAbove` are also scanned for credential shapes here, because a renderer may shorten them and cut
   * a credential in half (shorter ones are printed whole and caught by the scan of the final text).
   */
  value<T>(value: T, credentialScanAbove = 0): T {
    const long: Array<{ holder: Record<string | number, unknown>; key: string | number; text: string }> = [];
    const fix = (text: string, holder: Record<string | number, unknown>, key: string | number): string => {
      const out = this.sensitive(text);
      if (out.length > credentialScanAbove) long.push({ holder, key, text: out });
      return out;
    };
    const visit = (node: unknown): unknown => {
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const v: unknown = node[i];
          if (typeof v === "string") node[i] = fix(v, node as unknown as Record<number, unknown>, i);
          else if (v !== null && typeof v === "object") visit(v);
        }
      } else if (node !== null && typeof node === "object") {
        const obj = node as Record<string, unknown>;
        for (const key of Object.keys(obj)) {
          const v = obj[key];
          const clean = this.sensitive(key);
          if (clean !== key) {
            delete obj[key];
            obj[clean] = v;
          }
          if (typeof v === "string") obj[clean] = fix(v, obj, clean);
          else if (v !== null && typeof v === "object") visit(v);
        }
      }
      return node;
    };
    if (typeof value === "string") return this.texts([value])[0] as T;
    visit(value);
    if (long.length > 0) {
      const scanned = this.texts(long.map((l) => l.text));
      long.forEach((l, i) => (l.holder[l.key] = scanned[i]));
    }
    return value;
  }
}
