/**
 * `StageConfigError`: every problem of a stage's config at once, each as `{ path, message }` with a dotted path
 * (`fly.vm.memoryMb`) and a message that shows the bad value and says the fix.
 */
import type { z } from "zod";

export interface StageConfigIssue {
  /** Dotted path of the field, e.g. `fly.vm.memoryMb` or `secrets.2.name`. */
  readonly path: string;
  /** What is wrong, with the bad value and the fix. */
  readonly message: string;
}

const fields = (n: number) => `${n} invalid field${n === 1 ? "" : "s"}`;

export class StageConfigError extends Error {
  constructor(
    /** The stage, or `platform` for environments/platform.ts, or `stages` for rules across stages. */
    readonly stage: string,
    readonly issues: readonly StageConfigIssue[],
  ) {
    const title =
      stage === "platform"
        ? `environments/platform.ts has ${fields(issues.length)}`
        : stage === "stages"
          ? `the stages disagree in ${issues.length} place${issues.length === 1 ? "" : "s"}`
          : `stage "${stage}" has ${fields(issues.length)}`;
    // Across stages, each path already starts with the stage it is about.
    const prefix = stage === "stages" ? "" : `${stage}.`;
    super(`${title}:\n${issues.map((i) => `  - ${prefix}${i.path}: ${i.message}`).join("\n")}`);
    this.name = "StageConfigError";
  }
}

/** Every problem of the stage configuration at once: the platform's, each stage's and those across stages. */
export class StageConfigErrors extends Error {
  constructor(readonly errors: readonly StageConfigError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "StageConfigErrors";
  }
}

export function dottedPath(path: ReadonlyArray<PropertyKey>): string {
  return path.length === 0 ? "(root)" : path.map(String).join(".");
}

/** A short, printable rendering of the offending value. */
export function showValue(value: unknown): string {
  if (value === undefined) return "missing";
  const text =
    JSON.stringify(value) ??
    (typeof value === "function" ? "a function" : typeof value === "symbol" ? value.toString() : "undefined");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** Turns a zod issue into our message form: bad value first, then what is expected and how to fix it. */
export function describeZodIssue(issue: z.core.$ZodIssue): StageConfigIssue {
  const path = dottedPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined) {
        return { path, message: `is missing; add it (expected ${issue.expected})` };
      }
      return {
        path,
        message: `${showValue(input)} has the wrong type (${typeName(input)}); expected ${issue.expected}`,
      };
    case "unrecognized_keys":
      return {
        path: dottedPath([...issue.path, ...(issue.keys.length === 1 ? issue.keys : [])]),
        message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; remove it or fix the spelling`,
      };
    case "invalid_key":
      // A record key failed its own rule (env var names): report that rule's message, not zod's wrapper.
      return { path, message: `${showValue(issue.path.at(-1))} ${issue.issues[0]?.message ?? issue.message}` };
    case "too_small":
    case "too_big":
    case "invalid_format":
    case "invalid_value":
    case "invalid_union":
    case "custom":
    default:
      return { path, message: `${showValue(input)} ${issue.message}` };
  }
}
