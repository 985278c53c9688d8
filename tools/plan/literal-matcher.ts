/**
 * Finds many literal strings at once (the scrubber's sensitive values in every encoding: thousands on a large plan)
 * and replaces every character any of them covers: where occurrences overlap or touch (`alpha-token-1` and
 * `-1bravo-secret-99` in `alpha-token-1bravo-secret-99`), the whole run becomes one replacement, so no part of either
 * is left in the text.
 *
 * One regular expression alternating every literal would replace leftmost-first and miss the overlap; it is also
 * slow: V8 tries the alternatives one by one at each position, and with 37,000 of them (7,500 secret values of a
 * 10,000-resource plan, several encodings each) a 100-character line took 0.7 ms. Here every literal is at least
 * `window` characters long and is filed under a hash of its first `window` characters; the text is read once, with a
 * rolling hash of the window at each position, and only a position whose hash is filed is compared with literals.
 * Literals that share their first characters (secrets of one shape: `{"user":…`, `postgres://…`, `app-1`, `app-2`)
 * pile up in one bucket: a bucket with few distinct lengths checks one hash set per length; a bucket with more keeps a
 * radix tree (a trie whose edges hold whole runs of characters, so it has a node only where literals branch or end),
 * walked as far as the text matches. A position then costs at most the length of the longest literal it could start,
 * whatever the number and shape of the literals (a sorted list searched by prefix was cubic on 300 literals that
 * each extend the last by one character: minutes on a 150 KB plan), and the tree's size is about the number of
 * literals (a tree with a node per character held the 10,000-resource benchmark's secrets at a second of garbage
 * collection).
 *
 * When the literals start with only a few distinct windows (secrets of one or two shapes), each window is searched
 * for with `indexOf` instead, and only where it occurs are literals compared: native code, as fast on the first call
 * as on the thousandth, where the rolling loop runs interpreted until V8 has compiled it (a scrubber makes one large
 * search per output: on the benchmark plan the first call took 46 ms of CPU, later ones 13 ms).
 */

/** Multiplier of the window hash (a polynomial hash mod 2^32; collisions only cost a comparison). */
const BASE = 31;
/** Bits of the filter every position is checked against before the buckets (a 128 KB bit set). */
const FILTER_BITS = 20;
/** A bucket with more distinct literal lengths than this keeps a radix tree instead of one set per length. */
const MAX_LENGTH_SETS = 8;
/** Distinct first windows up to which each is searched for with indexOf (see above) instead of a rolling hash. */
const MAX_SEARCHED_WINDOWS = 8;
/** What runsEach gives a text without runs (one shared, frozen list). */
const NO_RUNS: ReadonlyArray<readonly [number, number]> = Object.freeze([]);
/** Characters plan text almost never holds, tried in order as the separator of runsEach. */
const SEPARATORS = ["\u0000", "\uffff", "\ufffe", "\u0001", "\ufdd0"];

/** Hash of `text[at .. at + length)`. */
function windowHash(text: string, at: number, length: number): number {
  let h = 0;
  for (let i = at; i < at + length; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/** A radix-tree node: the edges leaving it by their first character, and whether a literal ends here. */
interface RadixNode {
  readonly edges: Map<number, { label: string; node: RadixNode }>;
  end: boolean;
}

function radixInsert(root: RadixNode, literal: string): void {
  let node = root;
  let i = 0;
  for (;;) {
    if (i === literal.length) {
      node.end = true;
      return;
    }
    const edge = node.edges.get(literal.charCodeAt(i));
    if (!edge) {
      node.edges.set(literal.charCodeAt(i), { label: literal.slice(i), node: { edges: new Map(), end: true } });
      return;
    }
    let k = 0;
    while (k < edge.label.length && i + k < literal.length && edge.label.charCodeAt(k) === literal.charCodeAt(i + k))
      k++;
    if (k < edge.label.length) {
      // Split the edge where the literal leaves it; the literal ends at, or branches from, the new middle node.
      const middle: RadixNode = { edges: new Map(), end: false };
      middle.edges.set(edge.label.charCodeAt(k), { label: edge.label.slice(k), node: edge.node });
      edge.label = edge.label.slice(0, k);
      edge.node = middle;
    }
    node = edge.node;
    i += k;
  }
}

/** The length of the longest literal in the tree that `text` has at `at` (0 if none). */
function radixLongest(root: RadixNode, text: string, at: number): number {
  let node = root;
  let i = at;
  let longest = 0;
  for (;;) {
    if (node.end) longest = i - at;
    const edge = i < text.length ? node.edges.get(text.charCodeAt(i)) : undefined;
    if (!edge || !text.startsWith(edge.label, i)) return longest;
    i += edge.label.length;
    node = edge.node;
  }
}

/** The literals whose first window hashes alike. */
interface Bucket {
  readonly literals: Set<string>;
  /** Distinct lengths, longest first, each with its literals (while there are at most MAX_LENGTH_SETS). */
  lengths?: Array<[number, Set<string>]>;
  /** Otherwise a radix tree of them. */
  tree?: RadixNode;
}

export class LiteralMatcher {
  /** Literals by the hash of their first `window` characters. */
  private readonly buckets = new Map<number, Bucket>();
  /** One bit per filed hash (its low FILTER_BITS bits): most positions are ruled out by one array read. */
  private readonly filter = new Uint32Array(1 << (FILTER_BITS - 5));
  /** BASE^(window - 1), to roll the hash one character on. */
  private readonly highPower: number;

  /** `literals` shorter than `window` are ignored. */
  constructor(
    literals: Iterable<string>,
    private readonly window: number,
  ) {
    const windows = new Map<string, number>();
    for (const literal of literals) {
      if (literal.length < window) continue;
      const h = windowHash(literal, 0, window);
      if (windows.size <= MAX_SEARCHED_WINDOWS) windows.set(literal.slice(0, window), h);
      let bucket = this.buckets.get(h);
      if (!bucket) this.buckets.set(h, (bucket = { literals: new Set() }));
      bucket.literals.add(literal);
      const bit = h & ((1 << FILTER_BITS) - 1);
      this.filter[bit >>> 5] |= 1 << (bit & 31);
    }
    for (const bucket of this.buckets.values()) {
      const byLength = new Map<number, Set<string>>();
      for (const literal of bucket.literals) {
        const same = byLength.get(literal.length);
        if (same) same.add(literal);
        else byLength.set(literal.length, new Set([literal]));
      }
      if (byLength.size <= MAX_LENGTH_SETS) bucket.lengths = [...byLength].sort(([a], [b]) => b - a);
      else {
        const tree: RadixNode = { edges: new Map(), end: false };
        for (const literal of bucket.literals) radixInsert(tree, literal);
        bucket.tree = tree;
      }
    }
    if (windows.size <= MAX_SEARCHED_WINDOWS) this.windows = [...windows];
    let power = 1;
    for (let i = 1; i < window; i++) power = Math.imul(power, BASE);
    this.highPower = power;
    this.separator = SEPARATORS.find(
      (c) => ![...this.buckets.values()].some((b) => [...b.literals].some((l) => l.includes(c))),
    );
  }

  /** Each distinct first window with its hash, when there are at most MAX_SEARCHED_WINDOWS of them. */
  private readonly windows?: ReadonlyArray<readonly [string, number]>;

  /** A character no literal contains, to join texts by (see runsEach); undefined when every candidate occurs. */
  private readonly separator: string | undefined;

  get size(): number {
    return this.buckets.size;
  }

  /** The length of the longest literal that starts at `at`, given the hash of the window there; 0 if none. */
  private matchAt(text: string, at: number, hash: number): number {
    const bucket = this.buckets.get(hash);
    if (!bucket) return 0;
    if (bucket.lengths) {
      // Indexed, not destructured: this runs at every candidate position, mostly before V8 optimizes it, where each
      // destructuring allocated an iterator.
      const lengths = bucket.lengths;
      for (let k = 0; k < lengths.length; k++) {
        const length = lengths[k][0];
        if (at + length <= text.length && lengths[k][1].has(text.slice(at, at + length))) return length;
      }
      return 0;
    }
    return radixLongest(bucket.tree!, text, at);
  }

  /** The runs of characters that occurrences cover, `[start, end)`, in order; overlapping or touching ones merged. */
  runs(text: string): Array<[number, number]> {
    if (this.windows) return this.runsOfWindows(text, this.windows);
    const { window, filter, highPower } = this;
    const end = text.length - window;
    const runs: Array<[number, number]> = [];
    if (this.buckets.size === 0 || end < 0) return runs;
    const mask = (1 << FILTER_BITS) - 1;
    let hash = windowHash(text, 0, window);
    for (let at = 0; ; at++) {
      // Most positions stop at the filter: one array read, no call.
      const bit = hash & mask;
      if ((filter[bit >>> 5] & (1 << (bit & 31))) !== 0) {
        const length = this.matchAt(text, at, hash);
        if (length > 0) {
          const last = runs[runs.length - 1];
          if (last && at <= last[1]) last[1] = Math.max(last[1], at + length);
          else runs.push([at, at + length]);
        }
      }
      if (at === end) return runs;
      // Roll the window one character on: drop text[at], take text[at + window].
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(at), highPower), BASE) + text.charCodeAt(at + window)) | 0;
    }
  }

  /** `runs` for few distinct windows: each found by `indexOf`, literals compared only there. */
  private runsOfWindows(text: string, windows: ReadonlyArray<readonly [string, number]>): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const [start, hash] of windows)
      for (let at = text.indexOf(start); at !== -1; at = text.indexOf(start, at + 1)) {
        const length = this.matchAt(text, at, hash);
        if (length > 0) found.push([at, at + length]);
      }
    return mergeRuns(found);
  }

  /**
   * The runs of each text (as `runs` finds them), found in one pass over the texts joined by a character that no
   * literal contains, so no occurrence can reach from one text into the next. Many short texts cost one call instead
   * of one each (on the 10,000-resource benchmark plan, 20,000 strings: the calls were most of the time). Texts are
   * searched one by one when every candidate separator occurs in some literal.
   */
  runsEach(texts: readonly string[]): Array<ReadonlyArray<readonly [number, number]>> {
    const separator = this.separator;
    if (separator === undefined || this.buckets.size === 0) return texts.map((t) => this.runs(t));
    const found = this.runs(texts.join(separator));
    // Most texts have no runs: they share one empty list.
    const out = new Array<ReadonlyArray<readonly [number, number]>>(texts.length).fill(NO_RUNS);
    let i = 0;
    let start = 0;
    for (let k = 0; k < found.length; k++) {
      const from = found[k][0];
      // The text the run is in: runs are in order, and none spans a separator.
      while (from >= start + texts[i].length + 1) start += texts[i++].length + 1;
      if (out[i] === NO_RUNS) out[i] = [];
      (out[i] as Array<[number, number]>).push([from - start, found[k][1] - start]);
    }
    return out;
  }

  /** `text` with every run of characters that some occurrence covers replaced by one `replacement`. */
  replaceAll(text: string, replacement: string): string {
    return replaceRuns(text, this.runs(text), replacement);
  }
}

/** Runs sorted and merged where they overlap or touch (the lists given are reused, extended in place). */
export function mergeRuns(runs: Array<[number, number]>): Array<[number, number]> {
  runs.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k];
    const last = merged[merged.length - 1];
    if (last && run[0] <= last[1]) last[1] = Math.max(last[1], run[1]);
    else merged.push(run);
  }
  return merged;
}

/** `text` with each run replaced by `replacement` (runs in order, not overlapping). */
export function replaceRuns(text: string, runs: ReadonlyArray<readonly [number, number]>, replacement: string): string {
  if (runs.length === 0) return text;
  let out = "";
  let copiedTo = 0;
  for (let k = 0; k < runs.length; k++) {
    out += text.slice(copiedTo, runs[k][0]) + replacement;
    copiedTo = runs[k][1];
  }
  return out + text.slice(copiedTo);
}
