/**
 * Loading a plan: the zod schema decides what a resource change may look like, and `isPlainResourceChange` (the
 * allocation-free check the loader tries first) must never accept what the schema rejects. zod is the judge here:
 * every change of every real fixture plan, and thousands of mutations of them, are put to both.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isPlainResourceChange, parsePlanJson, PlanInputError, ResourceChangeSchema } from "../../tools/plan/plan-json";

const FIXTURES = join(__dirname, "../fixtures/plans");
const plans = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), "utf8")));
const changes: unknown[] = plans.flatMap((p) => [...(p.resource_changes ?? []), ...(p.resource_drift ?? [])]);

/** A small deterministic PRNG so a failure can be replayed. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

const REPLACEMENTS: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "",
  "x",
  "managed",
  "data",
  "create",
  [],
  {},
  [[]],
  [["a", 1]],
  [["a", null]],
  [["a", {}]],
  ["a"],
  true,
  ["create"],
  ["delete", "create"],
  ["create", "forget"],
  ["delete,create"],
  ["create", "create"],
  ["explode"],
  [1],
  { actions: ["create"] },
  { id: "i-1" },
];

describe("the plan loader's quick check agrees with the zod schema", () => {
  test("every change of every real fixture plan passes both (the quick check covers what Terraform writes)", () => {
    expect(changes.length).toBeGreaterThan(20);
    for (const rc of changes) {
      expect(ResourceChangeSchema.safeParse(rc).success).toBe(true);
      expect(isPlainResourceChange(rc)).toBe(true);
    }
  });

  test("on 5,000 mutations it never accepts what zod rejects", () => {
    const random = rng(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    let rejectedByBoth = 0,
      acceptedByBoth = 0,
      leftToZod = 0;
    for (let i = 0; i < 5000; i++) {
      const rc = structuredClone(pick(changes)) as Record<string, unknown>;
      for (let m = 0; m < 1 + Math.floor(random() * 2); m++) {
        // A field of the change or of its `change` (or inside replace_paths / importing), dropped or replaced.
        const change = rc.change as Record<string, unknown> | undefined;
        const targets: Array<[Record<string, unknown> | unknown[], string | number]> = [
          ...["address", "previous_address", "mode", "type", "name", "provider_name", "action_reason", "change"].map(
            (k) => [rc, k] as [Record<string, unknown>, string],
          ),
        ];
        if (change && typeof change === "object")
          for (const k of ["actions", "replace_paths", "importing"]) targets.push([change, k]);
        const actions = change && typeof change === "object" ? change.actions : undefined;
        if (Array.isArray(actions) && actions.length > 0)
          targets.push([actions, Math.floor(random() * actions.length)]);
        const [node, key] = pick(targets);
        if (random() < 0.25 && !Array.isArray(node)) delete node[key as string];
        else (node as Record<string | number, unknown>)[key] = structuredClone(pick(REPLACEMENTS));
      }
      const zod = ResourceChangeSchema.safeParse(rc).success;
      const quick = isPlainResourceChange(rc);
      if (quick && !zod) throw new Error(`quick check accepted what zod rejects: ${JSON.stringify(rc)}`);
      if (quick) acceptedByBoth++;
      else if (zod) leftToZod++;
      else rejectedByBoth++;
    }
    // Both outcomes are exercised, and the quick check accepts most of what zod accepts.
    expect(rejectedByBoth).toBeGreaterThan(1000);
    expect(acceptedByBoth).toBeGreaterThan(500);
    expect(leftToZod).toBeLessThan(acceptedByBoth);
  });

  test("an action list is a list of Terraform's words, not a string that joins to one", () => {
    const doc = structuredClone(plans.find((p) => (p.resource_changes ?? []).length > 0));
    for (const actions of [["delete,create"], ["delete", "explode"], [1], ["create", "create"]]) {
      doc.resource_changes[0].change.actions = actions;
      expect(() => parsePlanJson(JSON.stringify(doc), "p.json")).toThrow(PlanInputError);
      expect(() => parsePlanJson(JSON.stringify(doc), "p.json")).toThrow(
        /^p\.json: resource_changes\[0\]\.change\.actions .* is not an action list Terraform writes/,
      );
    }
  });
});
