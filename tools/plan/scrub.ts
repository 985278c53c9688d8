/**
 * The scrubber behind everything plan review and drift print (markdown, JSON, the PR comment, the drift issue, the
 * step summary, error messages): every value Terraform marks sensitive anywhere in the plan (sensitive-values.ts)
 * becomes `(sensitive)` wherever it appears, as written or inside a JSON string once or twice, however the encoder
 * escaped it (`runsIn`); every
 * credential-shaped string (secretlint's recommended preset and the project's rules,
 * environments/credentials/credential-scan.ts) becomes `(redacted)`; a number that contains a sensitive value
 * becomes `"(sensitive)"`.
 *
 * How the outputs use it:
 * - Every piece of plan text a renderer writes (an address, a type, a reason, an attribute path, a value, a risk
 *   note, a key inside a value) passes `text()` (values `value()`) before it is escaped, measured or shortened.
 *   Credential shapes are matched on the raw text: once `_` has become `&#95;` inside `<code>`, secretlint no longer
 *   sees a token. The scans are done ahead in one batch (`prepare`), without blocking; `text()` then finds them done.
 * - Markdown then passes `final()` as a whole, a net for anything composed, searched with its entities decoded (as
 *   a reader sees it): the credential scan and every sensitive value except those that are words or markup of the
 *   review's own text (letters only, like `destroy` or `PROTECTED`, or a piece of a tag like `</code>`): replacing
 *   those would make the review say something false ("1 to (sensitive)") or break its markup; the plan text
 *   containing them was already cleared piece by piece.
 * - JSON is built from pieces that passed `text()`/`value()`; its keys and fixed words are the tool's own and are
 *   never rewritten.
 *
 * Values shorter than MIN_SCRUB_LENGTH are not searched for in free text: "true", "443" or "us" occur everywhere and
 * replacing them would make the output unreadable without protecting anything. They are still masked where
 * Terraform marks them (the attribute tables, outputs and risk notes are built from masked values). Deliberately
 * disguised copies of a secret (base64, split by invisible characters) are not searched for: the scrubber stops
 * accidents, not a configuration author set on printing a secret.
 */
import {
  REDACTED,
  redactFindings,
  scanForCredentials,
  scanForCredentialsAsync,
  type CredentialFinding,
} from "../../environments/credentials/credential-scan";
import { SENSITIVE } from "./attribute-diff";
import { LiteralMatcher, mergeRuns, replaceRuns } from "./literal-matcher";
import type { PlanJson } from "./plan-json";
import { sensitiveValues } from "./sensitive-values";

/** Shortest sensitive value searched for in free text (see above). */
export const MIN_SCRUB_LENGTH = 6;

/** A decoded view of a text and, for each of its characters (and one past the end), its index in the text. */
interface View {
  decoded: string;
  at: Int32Array;
}

/**
 * `text` with each match of `pattern` replaced by what `decode` makes of it (a match it returns undefined for stays
 * as written), and the index in `text` of each character of the result, so that a run found in the decoded text maps
 * back to the span it was written as.
 */
function decodeBy(text: string, pattern: RegExp, decode: (m: RegExpMatchArray) => string | undefined): View {
  const parts: string[] = [];
  // Decoding only shortens (an escape or an entity is longer than what it stands for).
  const at = new Int32Array(text.length + 1);
  let n = 0;
  let i = 0;
  for (const m of text.matchAll(pattern)) {
    const char = decode(m);
    if (char === undefined) continue;
    parts.push(text.slice(i, m.index), char);
    for (let k = i; k < m.index; k++) at[n++] = k;
    for (let k = 0; k < char.length; k++) at[n++] = m.index;
    i = m.index + m[0].length;
  }
  parts.push(text.slice(i));
  for (let k = i; k < text.length; k++) at[n++] = k;
  at[n++] = text.length;
  return { decoded: parts.join(""), at: at.subarray(0, n) };
}

/**
 * For each character of `text` (and one past the end), its index in the text with `runs` replaced by a replacement
 * of `length` characters (replaceRuns): characters inside a run map to the replacement's start.
 */
function replacedAt(text: string, runs: ReadonlyArray<readonly [number, number]>, length: number): Int32Array {
  const at = new Int32Array(text.length + 1);
  let shift = 0;
  let i = 0;
  for (const [start, end] of runs) {
    for (; i < start; i++) at[i] = i + shift;
    for (; i < end; i++) at[i] = start + shift;
    shift += length - (end - start);
  }
  for (; i <= text.length; i++) at[i] = i + shift;
  return at;
}

/** Markdown output as a reader sees it: its numeric entities (`&#95;`) decoded. */
const decodeEntities = (text: string): View =>
  decodeBy(text, /&#(\d{1,7});/g, (m) => (Number(m[1]) > 0x10ffff ? undefined : String.fromCodePoint(Number(m[1]))));

/** One level of JSON string escapes decoded (`\u00e4`, `\/`, `\"`, `\n`...). */
const decodeJsonEscapes = (text: string): View =>
  decodeBy(text, /\\(?:u([0-9a-fA-F]{4})|(["\\/bfnrt]))/g, (m) =>
    m[1] ? String.fromCharCode(parseInt(m[1], 16)) : SHORT_ESCAPES[m[2]],
  );

/** JSON's two-character escapes. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * A sensitive value, and when it holds JSON escapes, the same once and twice unescaped: a value written escaped
 * (`{\"user\":…}`) is the text of another that a JSON writer prints exactly so (the other way round, text holding
 * escapes is searched unescaped: runsIn).
 */
function unescapedForms(value: string): string[] {
  return [value, ...unescapedViews(value).map((view) => view.decoded)];
}

/**
 * What follows `-----BEGIN ` or `-----END ` in a private key's BEGIN and END lines, as the credential rule reads them
 * (environments/credentials/project-rules.mjs): one source for the patterns below.
 */
const KEY_LABEL = "(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----";
/** What every END line starts with: a text without it has none (one search, no regular expression). */
const KEY_END_PREFIX = "-----END ";
/** The same for a BEGIN line. */
const KEY_BEGIN_PREFIX = "-----BEGIN ";
const KEY_END = new RegExp(`${KEY_END_PREFIX}${KEY_LABEL}`, "g");
/** A part that starts with a BEGIN line. */
const STARTS_WITH_KEY_BEGIN = new RegExp(`^\\s*${KEY_BEGIN_PREFIX}${KEY_LABEL}`);
/** A BEGIN line (written in two pieces, so that a scanner reading this file does not take it for a key). */
const KEY_START = KEY_BEGIN_PREFIX + "PRIVATE KEY-----\n";
/** A BEGIN line anywhere in a text. */
const KEY_BEGIN = new RegExp(`${KEY_BEGIN_PREFIX}${KEY_LABEL}`, "g");
/** A line of a key's body: base64, 40 characters or more (PEM writes 64 a line). */
const KEY_BODY_LINE = /^[ \t]*[A-Za-z0-9+/]{40,}={0,2}[ \t]*$/m;

/**
 * Whether a text holds a piece of a private key split over several texts: a BEGIN line with no END line after it, or
 * an END line whose part does not start with a BEGIN line (keyEndView).
 */
function holdsKeyPiece(text: string): boolean {
  if (keyEndView(text)) return true;
  if (!text.includes(KEY_BEGIN_PREFIX)) return false;
  let lastBegin = -1;
  for (const m of text.matchAll(KEY_BEGIN)) lastBegin = m.index;
  return lastBegin >= 0 && !text.slice(lastBegin).includes(KEY_END_PREFIX);
}

/**
 * Whether a text could hold a private key's BEGIN or END line: their five dashes, as written or JSON-escaped, or an
 * escaped backslash (`\u005c`), behind which the escape of a dash can hide (a sensitive value can be any other part).
 */
const MAY_HOLD_KEY_LINE = /-----|\\u00(?:2d|5c)/i;

/** Whether a text, as written or JSON-unescaped, holds a line that could be a private key's body. */
function holdsKeyBodyLine(text: string): boolean {
  return KEY_BODY_LINE.test(text) || unescapedViews(text).some((view) => KEY_BODY_LINE.test(view.decoded));
}

/**
 * A text holding the end of a private key whose beginning it does not hold (a key split over several values: its
 * BEGIN line in another attribute or resource, or on the other side of a change), read with a BEGIN line put before
 * each part (from the text's start or the previous END line up to the END line) that does not start with one, so the
 * credential scan finds each body with its end, and any body before another key's BEGIN, whatever the order the
 * pieces are scanned in. None when every part starts with its BEGIN.
 */
function keyEndView(text: string): View | undefined {
  if (!text.includes(KEY_END_PREFIX)) return undefined;
  const inserts: number[] = [];
  let from = 0;
  for (const m of text.matchAll(KEY_END)) {
    if (!STARTS_WITH_KEY_BEGIN.test(text.slice(from, m.index))) inserts.push(from);
    from = m.index + m[0].length;
  }
  if (inserts.length === 0) return undefined;
  const at = new Int32Array(text.length + inserts.length * KEY_START.length + 1);
  let n = 0;
  const parts: string[] = [];
  let copied = 0;
  for (const point of inserts) {
    parts.push(text.slice(copied, point), KEY_START);
    for (let k = copied; k < point; k++) at[n++] = k;
    for (let k = 0; k < KEY_START.length; k++) at[n++] = point;
    copied = point;
  }
  parts.push(text.slice(copied));
  for (let k = copied; k <= text.length; k++) at[n++] = k;
  return { decoded: parts.join(""), at };
}

/**
 * What the credential scan reads of a text besides the text itself: its unescaped views, and of the text and each
 * view, the reading with BEGIN lines put before orphan END lines (keyEndView), each mapped back to the text.
 */
function scanViews(text: string): View[] {
  // Most texts hold neither an escape nor an END line: nothing to build (a scan of a large plan reads thousands).
  if (!text.includes("\\") && !text.includes(KEY_END_PREFIX)) return [];
  const views = unescapedViews(text);
  const identity: View = { decoded: text, at: new Int32Array(0) };
  for (const base of [identity, ...views]) {
    const keyed = keyEndView(base.decoded);
    if (keyed)
      views.push({ decoded: keyed.decoded, at: base === identity ? keyed.at : keyed.at.map((i) => base.at[i]) });
  }
  return views;
}

/** Texts waiting for the credential scan (see Scrubber.cleared). */
interface Pending {
  readonly originals: string[];
  readonly slot: number[];
  readonly scan: string[];
  /** How many of `scan` are cleared texts; the rest are their views (scanViews). */
  readonly distinct: number;
  /** Whose view each is, and where its characters were (computed when a finding needs it: most views have none). */
  readonly views: ReadonlyArray<{ of: number; at: Int32Array | (() => Int32Array) }>;
}

/**
 * Where `matcher`'s literals occur in `text`, also as a JSON reader reads it: text holding escapes is searched once
 * and twice unescaped (a secret in a JSON document, shown inside a JSON value), with each run mapped back to the span
 * it was written as. So a value is found whichever encoder wrote it and however it mixed its escapes: jsonencode's
 * `\u0026`, Python's `\u00e4`, PHP's `\/`, .NET's upper-case `\u002B`, a tab as `\u0009`.
 */
function runsIn(matcher: LiteralMatcher, text: string): Array<[number, number]> {
  const runs = matcher.runs(text);
  if (matcher.size === 0) return runs;
  const views = unescapedViews(text);
  if (views.length === 0) return runs;
  for (const { decoded, at } of views)
    for (const [start, end] of matcher.runs(decoded)) runs.push([at[start], at[end]]);
  return mergeRuns(runs);
}

/**
 * A text holding JSON escapes as a JSON reader reads it, once and twice unescaped (each with the index in `text` of
 * every character); none for text without escapes.
 */
function unescapedViews(text: string): View[] {
  if (!text.includes("\\")) return [];
  // A long text is read by several passes (first render, value, text, credential scan): decoded once.
  const known = text.length >= LONG_TEXT ? recentViews.get(text) : undefined;
  if (known) return [...known];
  const views: View[] = [];
  let view: View = { decoded: text, at: new Int32Array(0) };
  for (let level = 1; level <= 2; level++) {
    const next = decodeJsonEscapes(view.decoded);
    if (next.decoded === view.decoded) break;
    const at = level === 1 ? next.at : next.at.map((i) => view.at[i]);
    view = { decoded: next.decoded, at };
    views.push(view);
  }
  if (text.length >= LONG_TEXT) {
    if (recentViews.size >= 4) recentViews.delete(recentViews.keys().next().value!);
    recentViews.set(text, views);
  }
  return [...views];
}

/** Texts from this length on have their unescaped views kept (the last four). */
const LONG_TEXT = 4096;
const recentViews = new Map<string, View[]>();

/**
 * The escaping render-markdown.ts applies to plan text (kept here so the scrubber knows every form): every character
 * markdown or HTML could read as syntax becomes a numeric entity, and so do line breaks and other control characters
 * (a newline followed by `===` would make a heading; one inside a table row would end it) and the starts of GitHub's
 * automatic links (`://`, `www.`, `@`), so plan text can only ever be text.
 */
// eslint-disable-next-line no-control-regex -- control characters are among what it escapes
const CODE_ESCAPED = /[&<>|`*_[\]\\~#@\u0000-\u001f\u007f\u2028\u2029]|:(?=\/\/)|(?<=www)\./gi;

export function escapeHtmlCode(text: string): string {
  return text.replace(CODE_ESCAPED, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A value that is also a word or a piece of markup of the tool's own text (see the final pass above): letters only
 * (`destroy`, `PROTECTED`), or part of the tags and callouts the markdown is made of.
 */
const PLAIN_WORD = /^[A-Za-z]+$/;
const OWN_MARKUP =
  "<code></code><details open></details><summary></summary><sub></sub><b></b><i></i>> [!CAUTION]> [!NOTE]";
const isOwnText = (value: string) => PLAIN_WORD.test(value) || OWN_MARKUP.includes(value);

export class Scrubber {
  /** Every sensitive value worth searching for (see MIN_SCRUB_LENGTH), searched as written and JSON-unescaped. */
  private readonly forms: LiteralMatcher;
  /** The same without plain words: what the final pass over composed text looks for. */
  private readonly netForms: LiteralMatcher;
  /** Texts already scrubbed (sensitive values and credentials), and the result: each is scrubbed once. */
  private readonly done = new Map<string, string>();
  /**
   * Whether a private key split over several texts was seen (holdsKeyPiece). The credential scan finds a key's body
   * only where the texts stand between its BEGIN and END lines in the order they were given, and a text is scanned
   * once, where it first stands (or alone, when asked for alone). Once a piece is seen, every text holding a line
   * that could be a key's body is redacted whole, wherever it stands, and so is every such text already cleared.
   */
  private splitKey = false;

  /** A scrubber for the sensitive values of a plan (and credential shapes, always). */
  static forPlan(plan: PlanJson): Scrubber {
    return new Scrubber(sensitiveValues(plan));
  }

  constructor(sensitive: Iterable<string> = []) {
    const forms = [...sensitive].flatMap(unescapedForms).filter((value) => value.length >= MIN_SCRUB_LENGTH);
    const netForms = forms.filter((value) => !isOwnText(value));
    this.forms = new LiteralMatcher(forms, MIN_SCRUB_LENGTH);
    // Usually no secret is a plain word: then the final pass looks for the same values.
    this.netForms = netForms.length === forms.length ? this.forms : new LiteralMatcher(netForms, MIN_SCRUB_LENGTH);
  }

  /** The text with the plan's sensitive values replaced, in any JSON escaping (`runsIn`); credential shapes left alone. */
  sensitive(text: string): string {
    return replaceRuns(text, runsIn(this.forms, text), SENSITIVE);
  }

  /** Each text with sensitive values and credential-shaped strings replaced (one credential scan for all). */
  texts(texts: readonly string[]): string[] {
    const todo = this.cleared(texts);
    if (todo.scan.length > 0) this.remember(todo, scanForCredentials(todo.scan));
    return texts.map((t) => this.done.get(t)!);
  }

  /** A piece of plan text, scrubbed (scanned ahead by `prepare`, or now). */
  text(text: string): string {
    return this.done.get(text) ?? this.texts([text])[0];
  }

  /**
   * Scans texts ahead, without blocking (in this thread where it can: credential-scan.ts), so that `text()` and
   * `value()` find them done.
   */
  async prepare(texts: Iterable<string>): Promise<void> {
    const todo = this.cleared(texts);
    if (todo.scan.length > 0) this.remember(todo, await scanForCredentialsAsync(todo.scan));
  }

  async textAsync(text: string): Promise<string> {
    await this.prepare([text]);
    return this.text(text);
  }

  /**
   * The texts not yet done, cleared of sensitive values (all in one search: `runsEach`), and what the credential scan
   * is to read: each distinct cleared text once (`slot`: which of them each original became), then their views
   * (scanViews; `views`: whose view, and where its characters were), so a credential written `postgres:\/\/app:…` or
   * `ghp\u005f…`, or a private key's body whose BEGIN line is in another value, is found as secretlint knows it.
   */
  private cleared(texts: Iterable<string>): Pending {
    const originals: string[] = [];
    const add = (t: string) => {
      if (!this.done.has(t)) originals.push(t);
    };
    // forEach where it can: for-of allocated an iterator result per text before V8 optimized it.
    if (texts instanceof Set || Array.isArray(texts)) texts.forEach(add);
    else for (const t of texts) add(t);
    const runs = this.forms.runsEach(originals);
    const scan: string[] = [];
    // Each distinct cleared text is scanned once, where it first occurs, and every original that became it takes
    // that finding. Not once per original: the scan reads the texts as one document, and a private key's BEGIN line in
    // one text reaches into the texts after it, so a text's findings depend on where it stands. A second slot for a
    // repeated text, or for a text equal to another's cleared form, let a key's body line out (the ninth review).
    const index = new Map<string, number>();
    // Texts a sensitive value was cleared from, as they were written: scanned too (see below).
    const unclear: Array<{ of: number; text: string; runs: ReadonlyArray<readonly [number, number]> }> = [];
    const slot = originals.map((t, i) => {
      // Text holding escapes is also searched as a JSON reader reads it (runsIn), one text at a time: it is rare.
      const clearedRuns = t.includes("\\") ? runsIn(this.forms, t) : runs[i];
      const cleared = replaceRuns(t, clearedRuns, SENSITIVE);
      let k = index.get(cleared);
      if (k === undefined) index.set(cleared, (k = scan.push(cleared) - 1));
      if (cleared !== t && MAY_HOLD_KEY_LINE.test(t)) unclear.push({ of: k, text: t, runs: clearedRuns });
      return k;
    });
    const distinct = scan.length;
    const views: Array<{ of: number; at: Int32Array | (() => Int32Array) }> = [];
    for (let k = 0; k < distinct; k++)
      for (const view of scanViews(scan[k])) {
        views.push({ of: k, at: view.at });
        scan.push(view.decoded);
      }
    // A text holding a private key's BEGIN or END line is also scanned as written, before its sensitive values were
    // replaced, each finding mapped onto the cleared text: a sensitive value that is a word of those lines (`PRIVATE`,
    // or another key's lines) would otherwise unmake every key in the plan, and print it (the tenth review). Only
    // those: a key is the one shape that two distant lines make, and scanning every cleared text twice cost a tenth of
    // a large review's CPU.
    for (const { of, text, runs } of unclear) {
      const at = () => replacedAt(text, runs, SENSITIVE.length);
      views.push({ of, at });
      scan.push(text);
      for (const view of scanViews(text)) {
        views.push({ of, at: () => view.at.map((i) => at()[i]) });
        scan.push(view.decoded);
      }
    }
    return { originals, slot, scan, distinct, views };
  }

  private remember(todo: Pending, findings: readonly CredentialFinding[][]): void {
    // The findings of each text with those of its views (copied only when there are views to add).
    const found: ReadonlyArray<readonly CredentialFinding[]> =
      todo.views.length === 0 ? findings : findings.slice(0, todo.distinct).map((f) => [...f]);
    todo.views.forEach(({ of, at: where }, j) => {
      const viewFindings = findings[todo.distinct + j];
      if (viewFindings.length === 0) return;
      const at = typeof where === "function" ? where() : where;
      for (const f of viewFindings)
        (found[of] as CredentialFinding[]).push({ ...f, start: at[f.start], end: at[f.end] });
    });
    const results = found.map((f, k) => redactFindings(todo.scan[k], f));
    if (!this.splitKey && todo.scan.some(holdsKeyPiece)) {
      this.splitKey = true;
      for (const [text, result] of this.done)
        if (result !== REDACTED && holdsKeyBodyLine(text)) this.done.set(text, REDACTED);
    }
    todo.originals.forEach((original, i) => {
      const result = results[todo.slot[i]];
      this.done.set(original, this.splitKey && result !== REDACTED && holdsKeyBodyLine(original) ? REDACTED : result);
    });
  }

  /** A number that prints as, or with, a sensitive value (`482913` in `-482913` or `4829137`). */
  private sensitiveNumber(n: number): boolean {
    const text = String(n);
    return text.length >= MIN_SCRUB_LENGTH && this.forms.replaceAll(text, SENSITIVE) !== text;
  }

  /**
   * Every string and object key of a JSON-like value, and its strings read together as lines (see `leavesHide`):
   * what `value()` scrubs, to `prepare` them.
   */
  static stringsOf(value: unknown, out: Set<string> = new Set()): Set<string> {
    if (typeof value === "string") return out.add(value);
    if (value === null || typeof value !== "object") return out;
    Scrubber.stringsIn(value, out);
    const leaves = leafStrings(value);
    if (leaves.length > 1) out.add(leaves.join("\n"));
    return out;
  }

  private static stringsIn(value: unknown, out: Set<string>): void {
    if (typeof value === "string") out.add(value);
    else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) Scrubber.stringsIn(value[i], out);
    else if (value !== null && typeof value === "object")
      for (const key in value) {
        out.add(key);
        Scrubber.stringsIn((value as Record<string, unknown>)[key], out);
      }
  }

  /**
   * A scrubbed copy of a JSON-like value: every string and object key through `text()`, every number that contains a
   * sensitive value as `"(sensitive)"`. Parts with nothing to change are the input's own (it may share objects with
   * the plan; it is never changed).
   */
  value<T>(value: T): T {
    // Most values are one string or number: nothing to read together, nothing spanning parts.
    if (typeof value === "string") return this.text(value) as T;
    if (typeof value === "number") return (this.sensitiveNumber(value) ? SENSITIVE : value) as T;
    if (value === null || typeof value !== "object") return value;
    const clean = (text: string) => this.text(text);
    return this.leavesHide(value, clean) ? (REDACTED as T) : this.spanning(this.deep(value, clean));
  }

  /** The same with only the sensitive values replaced (what a first render measures). */
  sensitiveValue<T>(value: T): T {
    const clean = (text: string) => this.sensitive(text);
    return this.leavesHide(value, clean) ? (SENSITIVE as T) : this.spanning(this.deep(value, clean));
  }

  private deep<T>(value: T, clean: (text: string) => string): T {
    if (typeof value === "string") return clean(value) as T;
    if (typeof value === "number") return (this.sensitiveNumber(value) ? SENSITIVE : value) as T;
    if (Array.isArray(value)) {
      const items = value.map((item: unknown) => this.deep(item, clean));
      return (items.some((item, i) => item !== value[i]) ? items : value) as T;
    }
    if (value !== null && typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>);
      const cleaned = entries.map(([k, v]) => [clean(k), this.deep(v, clean)] as const);
      const changed = cleaned.some(([k, v], i) => k !== entries[i][0] || v !== entries[i][1]);
      return (changed ? Object.fromEntries(cleaned) : value) as T;
    }
    return value;
  }

  /**
   * A list or object whose parts are each clean can still print a sensitive value as a whole: its JSON text holds one
   * that spans its parts (`[4821,9377]` for a sensitive "4821,9377", an object for a sensitive JSON document). Then
   * the smallest part that holds it is replaced. One serialization and one search for a value with nothing to hide.
   */
  private spanning<T>(value: T): T {
    if (value === null || typeof value !== "object") return value;
    const json = JSON.stringify(value);
    if (this.sensitive(json) === json) return value;
    const parts = Array.isArray(value)
      ? value.map((item: unknown) => this.spanning(item))
      : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.spanning(v)]));
    const rest = JSON.stringify(parts);
    return (this.sensitive(rest) === rest ? parts : SENSITIVE) as T;
  }

  /**
   * Whether the strings of a list or object, read in order as lines, hold what none holds alone (a private key kept
   * line by line, in a list, a map or a list of objects): cleaning them together then differs from cleaning each.
   */
  private leavesHide(value: unknown, clean: (text: string) => string): boolean {
    const leaves = leafStrings(value);
    return leaves.length > 1 && clean(leaves.join("\n")) !== leaves.map(clean).join("\n");
  }

  /** The same, its strings scanned without blocking. */
  async valueAsync<T>(value: T): Promise<T> {
    await this.prepare(Scrubber.stringsOf(value));
    return this.value(value);
  }

  /**
   * The final pass over composed text (a whole markdown review or report): credential shapes, and every sensitive
   * value that is not a plain word (see above).
   */
  async final(text: string): Promise<string> {
    // Searched as a reader sees it, entities decoded: a token written `ghp&#95;…` is `ghp_…` to secretlint too.
    const { decoded, at } = decodeEntities(text);
    const [findings] = await scanForCredentialsAsync([decoded]);
    const back = ([start, end]: readonly [number, number]): [number, number] => [at[start], at[end]];
    const sensitive = runsIn(this.netForms, decoded).map(back);
    const credentials = findings.map((f) => back([f.start, f.end]));
    if (credentials.length === 0) return replaceRuns(text, sensitive, SENSITIVE);
    // Both kinds of run, merged, each replaced by what found it (a credential inside a sensitive run is sensitive).
    const runs = [...sensitive.map((r) => [...r, 0] as const), ...credentials.map((r) => [...r, 1] as const)].sort(
      (a, b) => a[0] - b[0],
    );
    let out = "";
    let copied = 0;
    for (const [start, end, kind] of runs) {
      if (end <= copied) continue;
      out += text.slice(copied, Math.max(copied, start)) + (kind === 0 ? SENSITIVE : REDACTED);
      copied = end;
    }
    return out + text.slice(copied);
  }
}

/** The strings of a JSON-like value in order (values only, not keys), depth first. */
function leafStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) leafStrings(value[i], out);
  else if (value !== null && typeof value === "object")
    for (const key in value) leafStrings((value as Record<string, unknown>)[key], out);
  return out;
}
