/**
 * Finds many literal strings at once (the scrubber's sensitive values in every encoding: thousands on a large plan)
 * and replaces each occurrence, leftmost first and, where several start at one place, the longest.
 *
 * One regular expression alternating every literal does the same, but V8 tries the alternatives one by one at each
 * position: with 37,000 of them (7,500 secret values of a 10,000-resource plan, five encodings each) a 100-character
 * line took 0.7 ms, and a review spent a second in it (bench/plan-review.bench.ts). Here every literal is at least
 * `window` characters long and is filed under a hash of its first `window` characters; the text is read once, a
 * window hash per position, and only a position whose hash is filed is compared with the literals there. The cost
 * is linear in the text, whatever the number of literals.
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

export class LiteralMatcher {
  /** Literals by the hash of their first `window` characters, longest first within a bucket. */
  private readonly buckets = new Map<number, string[]>();
  /** One bit per filed hash (its low FILTER_BITS bits): most positions are ruled out by one array read. */
  private readonly filter = new Uint32Array(1 << (FILTER_BITS - 5));
  /** BASE^(window - 1), to roll the hash one character on. */
  private readonly highPower: number;

  /** `literals` shorter than `window` are ignored. */
  constructor(
    literals: Iterable<string>,
    private readonly window: number,
  ) {
    for (const literal of new Set(literals)) {
      if (literal.length < window) continue;
      const h = windowHash(literal, 0, window);
      const bucket = this.buckets.get(h);
      if (bucket) bucket.push(literal);
      else this.buckets.set(h, [literal]);
      const bit = h & ((1 << FILTER_BITS) - 1);
      this.filter[bit >>> 5] |= 1 << (bit & 31);
    }
    for (const bucket of this.buckets.values()) bucket.sort((a, b) => b.length - a.length);
    let power = 1;
    for (let i = 1; i < window; i++) power = Math.imul(power, BASE);
    this.highPower = power;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** The literal that starts at `at` (the longest), given the hash of the window there. */
  private matchAt(text: string, at: number, hash: number): string | undefined {
    const bit = hash & ((1 << FILTER_BITS) - 1);
    if ((this.filter[bit >>> 5] & (1 << (bit & 31))) === 0) return undefined;
    const bucket = this.buckets.get(hash);
    if (!bucket) return undefined;
    for (const literal of bucket) if (text.startsWith(literal, at)) return literal;
    return undefined;
  }

  /** `text` with every occurrence replaced by `replacement`. */
  replaceAll(text: string, replacement: string): string {
    const { window } = this;
    if (this.buckets.size === 0 || text.length < window) return text;
    let out = "";
    let copiedTo = 0;
    let at = 0;
    let hash = windowHash(text, 0, window);
    for (;;) {
      const literal = this.matchAt(text, at, hash);
      if (literal !== undefined) {
        out += text.slice(copiedTo, at) + replacement;
        at += literal.length;
        copiedTo = at;
        if (at + window > text.length) break;
        hash = windowHash(text, at, window);
        continue;
      }
      if (at + window >= text.length) break;
      // Roll the window one character on: drop text[at], take text[at + window].
      hash =
        (Math.imul(hash - Math.imul(text.charCodeAt(at), this.highPower), BASE) + text.charCodeAt(at + window)) | 0;
      at++;
    }
    return copiedTo === 0 ? text : out + text.slice(copiedTo);
  }
}
