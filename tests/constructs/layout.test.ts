/**
 * The construct tests mirror constructs/: every file there that declares resources (a Construct class, or a function
 * taking a scope) has a test file of the same name under tests/constructs/ that builds it with Testing.synthScope,
 * and every pure module has a unit test file, unless listed below with the reason it has none.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "../..");
const CONSTRUCTS = join(ROOT, "constructs");

/** Pure modules without a test file of their own, and why. */
const WITHOUT_OWN_TEST: Readonly<Record<string, string>> = {
  "identity/stage-policies.ts": "judged by iam-simulate in tests/identity/isolation.test.ts",
  "iam-policy.ts": "serializes policy documents; every construct test that reads a policy parses its output",
  "cloudflare/hostnames.ts": "two Rules-language helpers whose output the ruleset tests assert as exact expressions",
  "cloudflare/zone-stage.ts": "an interface only",
};

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
const files = sources(CONSTRUCTS).map((path) => ({
  name: relative(CONSTRUCTS, path),
  declaresResources: /extends Construct\b|\(\s*scope: Construct\b/.test(readFileSync(path, "utf8")),
}));
const testOf = (name: string) => {
  try {
    return readFileSync(join(__dirname, name.replace(/\.ts$/, ".test.ts")), "utf8");
  } catch {
    return undefined;
  }
};

describe("tests/constructs mirrors constructs/", () => {
  test.each(files.filter((f) => f.declaresResources).map((f) => f.name))(
    "%s has a test file of the same name that synthesizes it alone with Testing.synthScope",
    (name) => {
      expect(testOf(name)).toMatch(/Testing\.synthScope|synthJson\(/);
    },
  );

  test.each(files.filter((f) => !f.declaresResources && !(f.name in WITHOUT_OWN_TEST)).map((f) => f.name))(
    "%s (a pure module) has a unit test file of the same name",
    (name) => {
      expect(testOf(name)).toBeDefined();
    },
  );

  test("every module listed as having no test file of its own exists and has none", () => {
    for (const name of Object.keys(WITHOUT_OWN_TEST)) {
      expect(files.map((f) => f.name)).toContain(name);
      expect(testOf(name)).toBeUndefined();
    }
  });
});
