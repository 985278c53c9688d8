/**
 * Finds many literal strings at once (the scrubber's sensitive values in every encoding: thousands on a large plan)
 * and replaces each occurrence, leftmost first and, where several start at one place, the longest.
 *
 * One regular expression alternating every literal does the same, but V8 tries the alternatives one by one at each
 * position: with 37,000 of them (7,500 secret values of a 10,000-resource plan, five encodings each) a 100-character
 * line took 0.7 ms, and a review spent a second in it (bench/plan-review.bench.ts). Here every literal is at least
 * `window` characters long and is filed under a hash of its first `window` characters; the text is read once, with
 * a rolling hash of the window at each position, and only a position whose hash is filed is compared with literals.
 * Literals that share their first characters (secrets of one shape: `{"user":…`, `postgres://…`, `app-1`, `app-2`)
 * pile up in one bucket, so a bucket files its literals by length in hash sets: a candidate position costs one set
 * lookup per distinct length in its bucket, however many literals share the prefix. The cost is linear in the text.
 */
/** Multiplier of the window hash (a polynomial hash mod 2^32; collisions only cost a comparison). */
const BASE = 31;
/** Bits of the filter every position is checked against before the buckets (a 128 KB bit set). */
const FILTER_BITS = 20;

/** Hash of `text[at .. at + length)`. */
function windowHash(text: string, at: number, length: number): number {
  let h = 0;
  for (let i = at; i < at + length; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/** The literals whose first window hashes alike, by length, longest first. */
interface Bucket {
  lengths: number[];
  readonly byLength: Map<number, Set<string>>;
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
    for (const literal of literals) {
      if (literal.length < window) continue;
      const h = windowHash(literal, 0, window);
      let bucket = this.buckets.get(h);
      if (!bucket) this.buckets.set(h, (bucket = { lengths: [], byLength: new Map() }));
      let same = bucket.byLength.get(literal.length);
      if (!same) bucket.byLength.set(literal.length, (same = new Set()));
      same.add(literal);
      const bit = h & ((1 << FILTER_BITS) - 1);
      this.filter[bit >>> 5] |= 1 << (bit & 31);
    }
    for (const bucket of this.buckets.values()) bucket.lengths = [...bucket.byLength.keys()].sort((a, b) => b - a);
    let power = 1;
    for (let i = 1; i < window; i++) power = Math.imul(power, BASE);
    this.highPower = power;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** The length of the literal that starts at `at` (the longest), given the hash of the window there; 0 if none. */
  private matchAt(text: string, at: number, hash: number): number {
    const bucket = this.buckets.get(hash);
    if (!bucket) return 0;
    for (const length of bucket.lengths) {
      if (at + length <= text.length && bucket.byLength.get(length)!.has(text.slice(at, at + length))) return length;
    }
    return 0;
  }

  /** `text` with every occurrence replaced by `replacement`. */
  replaceAll(text: string, replacement: string): string {
    const { window, filter, highPower } = this;
    const end = text.length - window;
    if (this.buckets.size === 0 || end < 0) return text;
    const mask = (1 << FILTER_BITS) - 1;
    let out = "";
    let copiedTo = 0;
    let hash = windowHash(text, 0, window);
    for (let at = 0; ;) {
      // Most positions stop at the filter: one array read, no call.
      const bit = hash & mask;
      const length = (filter[bit >>> 5] & (1 << (bit & 31))) === 0 ? 0 : this.matchAt(text, at, hash);
      if (length > 0) {
        out += text.slice(copiedTo, at) + replacement;
        at += length;
        copiedTo = at;
        if (at > end) break;
        hash = windowHash(text, at, window);
        continue;
      }
      if (at === end) break;
      // Roll the window one character on: drop text[at], take text[at + window].
      hash = (Math.imul(hash - Math.imul(text.charCodeAt(at), highPower), BASE) + text.charCodeAt(at + window)) | 0;
      at++;
    }
    return copiedTo === 0 ? text : out + text.slice(copiedTo);
  }
}
