/**
 * The scrubber's matcher (tools/plan/literal-matcher.ts) replaces exactly what one regular expression alternating
 * every literal, longest first, replaces: leftmost match, the longest literal where several start at one place.
 */
import { LiteralMatcher } from "../../tools/plan/literal-matcher";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const byRegex = (literals: string[], text: string, replacement: string) => {
  const sorted = [...new Set(literals)].filter((l) => l.length >= 6).sort((a, b) => b.length - a.length);
  return sorted.length === 0 ? text : text.replace(new RegExp(sorted.map(escapeRegExp).join("|"), "g"), replacement);
};

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe("LiteralMatcher", () => {
  test("replaces every occurrence, the longest literal where several start at one place", () => {
    const m = new LiteralMatcher(["secret-value", "secret-value-long", "other-secret"], 6);
    expect(m.replaceAll("a secret-value-long b secret-value c other-secretother-secret", "(s)")).toBe(
      "a (s) b (s) c (s)(s)",
    );
  });

  test("ignores literals shorter than its window, and leaves text without a match untouched (same string)", () => {
    const m = new LiteralMatcher(["short", "long-enough"], 6);
    expect(m.replaceAll("short and long-enough", "(s)")).toBe("short and (s)");
    const text = "nothing to see here";
    expect(m.replaceAll(text, "(s)")).toBe(text);
  });

  test("matches at the very start and the very end, and back to back", () => {
    const m = new LiteralMatcher(["abcdef"], 6);
    expect(m.replaceAll("abcdefabcdef", "#")).toBe("##");
    expect(m.replaceAll("xabcdef", "#")).toBe("x#");
    expect(m.replaceAll("abcdefx", "#")).toBe("#x");
  });

  test("finds each of a thousand literals that share their first characters (one shape of secret)", () => {
    const literals = Array.from({ length: 1_000 }, (_, i) => `postgres://app:pw${i}@db`);
    const m = new LiteralMatcher(literals, 6);
    expect(m.replaceAll("a postgres://app:pw7@db b postgres://app:pw999@db c postgres://app:pw1000@db", "#")).toBe(
      "a # b # c postgres://app:pw1000@db",
    );
  });

  test("agrees with one alternating regular expression on 2,000 random texts and literal sets", () => {
    const next = random(20261207);
    const alphabet = 'ab-\\"&;c'; // few letters: many overlapping, nested and adjacent matches
    const word = (min: number, max: number) =>
      Array.from(
        { length: min + Math.floor(next() * (max - min + 1)) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join("");
    for (let run = 0; run < 2_000; run++) {
      const literals = Array.from({ length: 1 + Math.floor(next() * 12) }, () => word(4, 10));
      const text = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        next() < 0.5 ? literals[Math.floor(next() * literals.length)] : word(0, 8),
      ).join("");
      expect(new LiteralMatcher(literals, 6).replaceAll(text, "<S>")).toBe(byRegex(literals, text, "<S>"));
    }
  });
});
