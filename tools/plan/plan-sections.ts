/**
 * Reads only the top-level sections of a plan JSON document that plan review and drift use (format_version,
 * terraform_version, resource_changes, resource_drift, output_changes, errored). A large plan is mostly
 * prior_state, planned_values and configuration; scanning the raw bytes for the section boundaries and parsing
 * just the needed slices (with the built-in JSON.parse), one resource change at a time, keeps time and memory
 * close to the size of the summary rather than of the document.
 * Anything the scanner does not understand falls back to parsing the whole document, so errors read the same.
 */
import { checkPlanDocument, parsePlanJson, type PlanJson } from "./plan-json";

const WANTED = new Set(["format_version", "terraform_version", "resource_changes", "resource_drift", "output_changes", "errored", "planned_values"]);
const QUOTE = 0x22, BACKSLASH = 0x5c, COLON = 0x3a, COMMA = 0x2c;
const OPEN_OBJ = 0x7b, CLOSE_OBJ = 0x7d, OPEN_ARR = 0x5b, CLOSE_ARR = 0x5d;

/** Byte ranges of each top-level member's value, or undefined when the document is not a plain JSON object. */
function topLevelMembers(buf: Uint8Array): Map<string, [number, number]> | undefined {
  let i = 0;
  const n = buf.length;
  const skipSpace = () => { while (i < n && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++; };
  const skipString = () => { i++; while (i < n && buf[i] !== QUOTE) i += buf[i] === BACKSLASH ? 2 : 1; i++; };
  skipSpace();
  if (buf[i] !== OPEN_OBJ) return undefined;
  i++;
  const members = new Map<string, [number, number]>();
  for (;;) {
    skipSpace();
    if (buf[i] === CLOSE_OBJ) return members;
    if (buf[i] !== QUOTE) return undefined;
    const keyStart = i;
    skipString();
    const key = Buffer.from(buf.subarray(keyStart + 1, i - 1)).toString("utf8");
    skipSpace();
    if (buf[i] !== COLON) return undefined;
    i++;
    skipSpace();
    const valueStart = i;
    let depth = 0;
    while (i < n) {
      const c = buf[i]!;
      if (c === QUOTE) { skipString(); continue; }
      if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
      else if (c === CLOSE_OBJ || c === CLOSE_ARR) { if (depth === 0) break; depth--; }
      else if (c === COMMA && depth === 0) break;
      i++;
    }
    if (i >= n) return undefined;
    members.set(key, [valueStart, i]);
    if (buf[i] === COMMA) i++;
  }
}

/** Byte ranges of the elements of the JSON array at [start, end). */
function arrayElements(buf: Uint8Array, start: number, end: number): Array<[number, number]> | undefined {
  let i = start;
  const skipSpace = () => { while (i < end && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++; };
  if (buf[i] !== OPEN_ARR) return undefined;
  i++;
  const elements: Array<[number, number]> = [];
  for (;;) {
    skipSpace();
    if (buf[i] === CLOSE_ARR) return elements;
    const elementStart = i;
    let depth = 0;
    while (i < end) {
      const c = buf[i]!;
      if (c === QUOTE) { i++; while (i < end && buf[i] !== QUOTE) i += buf[i] === BACKSLASH ? 2 : 1; i++; continue; }
      if (c === OPEN_OBJ || c === OPEN_ARR) depth++;
      else if (c === CLOSE_OBJ || c === CLOSE_ARR) { if (depth === 0) break; depth--; }
      else if (c === COMMA && depth === 0) break;
      i++;
    }
    if (i >= end) return undefined;
    elements.push([elementStart, i]);
    if (buf[i] === COMMA) i++;
  }
}

/** Parses one element at a time when iterated, so only the current change is held as objects. */
function lazyElements<T>(buf: Buffer, ranges: Array<[number, number]>): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      for (const [s, e] of ranges) yield JSON.parse(buf.toString("utf8", s, e)) as T;
    },
  };
}

const LAZY = new Set(["resource_changes", "resource_drift"]);

/** Parses a plan from raw bytes, reading only the sections the tools use (planned_values only when small). */
export function parsePlanBuffer(buf: Buffer, source = "plan JSON"): PlanJson {
  const members = topLevelMembers(buf);
  if (!members) return parsePlanJson(buf.toString("utf8"), source);
  const doc: Record<string, unknown> = {};
  try {
    for (const [key, [start, end]] of members) {
      if (!WANTED.has(key)) continue;
      const elements = LAZY.has(key) ? arrayElements(buf, start, end) : undefined;
      // planned_values is kept only as a marker that the document is a plan; its content is never read.
      doc[key] = key === "planned_values" ? {} : elements ? lazyElements(buf, elements) : JSON.parse(buf.toString("utf8", start, end));
    }
  } catch {
    return parsePlanJson(buf.toString("utf8"), source);
  }
  return checkPlanDocument(doc, source);
}
