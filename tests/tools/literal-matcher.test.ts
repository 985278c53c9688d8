/**
 * The scrubber's matcher (tools/plan/literal-matcher.ts) replaces every character that any occurrence of any literal
 * covers, a run of overlapping or touching occurrences as one replacement; judged against the obvious quadratic
 * algorithm (every literal at every position, intervals merged).
 */
import { LiteralMatcher } from "../../tools/plan/literal-matcher";

function byBruteForce(literals: string[], text: string, replacement: string): string {
  const covered: Array<[number, number]> = [];
  for (let at = 0; at < text.length; at++)
    for (const l of literals) if (l.length >= 6 && text.startsWith(l, at)) covered.push([at, at + l.length]);
  covered.sort((a, b) => a[0] - b[0]);
  let out = "";
  let copied = 0;
  let run: [number, number] | undefined;
  for (const [start, end] of covered) {
    if (run && start <= run[1]) run[1] = Math.max(run[1], end);
    else {
      if (run) {
        out += text.slice(copied, run[0]) + replacement;
        copied = run[1];
      }
      run = [start, end];
    }
  }
  if (run) {
    out += text.slice(copied, run[0]) + replacement;
    copied = run[1];
  }
  return out + text.slice(copied);
}

/**
 * Literals of nine more first windows (none occurs in the random texts): with them a matcher rolls a hash over every
 * position; without, a matcher of few windows searches each with indexOf. The random tests judge both ways.
 */
const OTHER_WINDOWS = Array.from({ length: 9 }, (_, i) => `zzzzz${i}-other`);
const searchesByWindow = (m: LiteralMatcher) => (m as unknown as { windows?: unknown }).windows !== undefined;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Random words of `min` to `max` characters of `alphabet`. */
const words =
  (next: () => number, alphabet: string) =>
  (min: number, max: number): string =>
    Array.from(
      { length: min + Math.floor(next() * (max - min + 1)) },
      () => alphabet[Math.floor(next() * alphabet.length)],
    ).join("");

describe("LiteralMatcher", () => {
  test("replaces every occurrence, the longest literal where several start at one place", () => {
    const m = new LiteralMatcher(["secret-value", "secret-value-long", "other-secret"], 6);
    expect(m.replaceAll("a secret-value-long b secret-value c other-secret other-secret", "(s)")).toBe(
      "a (s) b (s) c (s) (s)",
    );
  });

  test("replaces overlapping and touching occurrences as one run, leaving no part of either", () => {
    const m = new LiteralMatcher(["alpha-token-1", "-1bravo-secret-99"], 6);
    expect(m.replaceAll("x alpha-token-1bravo-secret-99 y", "(s)")).toBe("x (s) y");
    expect(new LiteralMatcher(["abcdef"], 6).replaceAll("abcdefabcdef", "#")).toBe("#");
  });

  test("ignores literals shorter than its window, and leaves text without a match untouched (same string)", () => {
    const m = new LiteralMatcher(["short", "long-enough"], 6);
    expect(m.replaceAll("short and long-enough", "(s)")).toBe("short and (s)");
    const text = "nothing to see here";
    expect(m.replaceAll(text, "(s)")).toBe(text);
  });

  test("matches at the very start and the very end, and back to back", () => {
    const m = new LiteralMatcher(["abcdef"], 6);
    expect(m.replaceAll("abcdef-abcdef", "#")).toBe("#-#");
    expect(m.replaceAll("xabcdef", "#")).toBe("x#");
    expect(m.replaceAll("abcdefx", "#")).toBe("#x");
  });

  test("finds each of a thousand literals that share their first characters (one shape of secret)", () => {
    const literals = Array.from({ length: 1_000 }, (_, i) => `fake-shape-${i}-end`);
    const m = new LiteralMatcher(literals, 6);
    expect(m.replaceAll("a fake-shape-7-end b fake-shape-999-end c fake-shape-1000-end", "#")).toBe(
      "a # b # c fake-shape-1000-end",
    );
  });

  test("keeps a radix tree for a bucket of many lengths: a thousand literals sharing a prefix, each of its own length", () => {
    const literals = Array.from({ length: 1_000 }, (_, i) => `shared-${"x".repeat(i)}!`);
    const m = new LiteralMatcher(literals, 6);
    expect(m.replaceAll(`a shared-${"x".repeat(500)}! b shared-xx c`, "#")).toBe("a # b shared-xx c");
  });

  test("finds the longest of literals that each extend the last (a radix tree walk, not a search per length)", () => {
    const literals = Array.from({ length: 300 }, (_, k) => `${"a".repeat(k + 6)}0`);
    const m = new LiteralMatcher(literals, 6);
    expect(m.replaceAll(`${"a".repeat(400)}0 x`, "#")).toBe("#0 x".replace("#0", `${"a".repeat(95)}#`));
    expect(m.replaceAll("a".repeat(2_000), "#")).toBe("a".repeat(2_000));
  });

  test("agrees with the brute-force algorithm on 2,000 random texts and literal sets", () => {
    const next = random(20261207);
    const word = words(next, 'ab-\\"&;c'); // few letters: many overlapping, nested and adjacent matches
    let byWindow = 0;
    for (let run = 0; run < 2_000; run++) {
      // Half the literals share a prefix, in lengths enough to need a trie (more than 8 distinct lengths).
      const prefix = word(6, 6);
      const literals = Array.from({ length: 1 + Math.floor(next() * 24) }, () =>
        next() < 0.5 ? prefix + word(0, 18) : word(4, 24),
      );
      const text = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        next() < 0.5 ? literals[Math.floor(next() * literals.length)] : word(0, 8),
      ).join("");
      const expected = byBruteForce(literals, text, "<S>");
      const few = new LiteralMatcher(literals, 6);
      const many = new LiteralMatcher([...literals, ...OTHER_WINDOWS], 6);
      expect(searchesByWindow(many)).toBe(false);
      if (searchesByWindow(few)) byWindow++;
      expect(few.replaceAll(text, "<S>")).toBe(expected);
      expect(many.replaceAll(text, "<S>")).toBe(expected);
    }
    expect(byWindow).toBeGreaterThan(1_000);
  });

  test("finds in many texts at once exactly what it finds in each alone, also when literals hold every separator", () => {
    const next = random(20261208);
    const alphabet = "ab-\u0000\uffff\ufffe\u0001\ufdd0"; // the separators runsEach may join texts by
    const word = words(next, alphabet);
    let joined = 0;
    for (let run = 0; run < 1_000; run++) {
      // Literals of few letters (matches at the edges of texts, texts that are one literal, empty texts); in half
      // the runs they may also hold the separators.
      const letters = run % 2 ? 8 : 3;
      const literal = () =>
        Array.from({ length: 6 + Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * letters)]).join("");
      const literals = Array.from({ length: 1 + Math.floor(next() * 8) }, literal);
      const texts = Array.from({ length: Math.floor(next() * 6) }, () =>
        next() < 0.5 ? literals[Math.floor(next() * literals.length)] + word(0, 3) : word(0, 12),
      );
      for (const m of [new LiteralMatcher(literals, 6), new LiteralMatcher([...literals, ...OTHER_WINDOWS], 6)])
        expect(m.runsEach(texts)).toEqual(texts.map((t) => m.runs(t)));
      if (![..."\u0000\uffff\ufffe\u0001\ufdd0"].every((c) => literals.some((l) => l.includes(c)))) joined++;
    }
    // An occurrence can never be put together from the end of one text and the start of the next.
    const separators = [..."\u0000\uffff\ufffe\u0001\ufdd0"];
    for (let n = 1; n <= separators.length; n++) {
      const m = new LiteralMatcher(
        separators.slice(0, n).map((c) => `abc${c}def`),
        6,
      );
      expect(m.runsEach(["xxabc", "defyy", "abc"])).toEqual([[], [], []]);
    }
    // Both ways were taken: joined, and one by one when the literals hold every separator.
    expect(joined).toBeGreaterThan(500);
    expect(joined).toBeLessThan(1_000);
  });
});
