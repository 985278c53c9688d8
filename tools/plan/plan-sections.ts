/**
 * Reads only the top-level sections of a plan JSON document that plan review and drift use (format_version,
 * terraform_version, resource_changes, resource_drift, output_changes, errored). A large plan is mostly
 * prior_state, planned_values and configuration. One pass of a byte scanner over the file, in chunks, records
 * where the wanted sections and each resource change sit; the changes are then read and parsed (with the
 * built-in JSON.parse) one at a time while they are summarized. Neither the document nor all its changes are
 * ever in memory at once. Anything the scanner does not understand falls back to parsing the whole document,
 * so errors read the same.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { checkPlanDocument, parsePlanJson, type PlanJson } from "./plan-json";

const WANTED = new Set(["format_version", "terraform_version", "resource_changes", "resource_drift", "output_changes", "errored", "planned_values"]);
/** Sections whose elements are parsed one at a time. */
const LAZY = new Set(["resource_changes", "resource_drift"]);
const QUOTE = 0x22, BACKSLASH = 0x5c, COLON = 0x3a, COMMA = 0x2c;
const OPEN_OBJ = 0x7b, CLOSE_OBJ = 0x7d, OPEN_ARR = 0x5b, CLOSE_ARR = 0x5d;
const CHUNK_BYTES = 1 << 20;

type Range = [number, number];

/** Incremental scanner of a JSON object's top-level members (and the elements of the LAZY arrays). */
class PlanScanner {
  readonly members = new Map<string, Range>();
  readonly elements = new Map<string, Range[]>();
  private depth = 0;
  private inString = false;
  private escape = false;
  private phase: "start" | "key" | "colon" | "value" | "done" | "invalid" = "start";
  private keyBytes: number[] = [];
  private capturingKey = false;
  private key = "";
  private valueStart = -1;
  private elementStart = -1;
  private lazy: Range[] | undefined;

  get ok(): boolean {
    return this.phase === "done";
  }

  feed(chunk: Uint8Array, offset: number): void {
    for (let j = 0; j < chunk.length; j++) {
      const c = chunk[j]!;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === BACKSLASH) this.escape = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.capturingKey) {
            this.capturingKey = false;
            this.key = Buffer.from(this.keyBytes).toString("utf8");
            this.phase = "colon";
          }
        } else if (this.capturingKey) this.keyBytes.push(c);
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      const pos = offset + j;
      switch (this.phase) {
        case "start":
          if (c !== OPEN_OBJ) { this.phase = "invalid"; return; }
          this.depth = 1;
          this.phase = "key";
          continue;
        case "key":
          if (c === QUOTE) { this.inString = true; this.capturingKey = true; this.keyBytes = []; }
          else if (c === CLOSE_OBJ) { this.depth = 0; this.phase = "done"; }
          else if (c !== COMMA) { this.phase = "invalid"; return; }
          continue;
        case "colon":
          if (c !== COLON) { this.phase = "invalid"; return; }
          this.phase = "value";
          this.valueStart = -1;
          continue;
        case "done":
        case "invalid":
          this.phase = "invalid";
          return;
        case "value":
          break;
      }
      // Inside a top-level member's value.
      if (this.valueStart < 0) {
        this.valueStart = pos;
        this.lazy = c === OPEN_ARR && LAZY.has(this.key) ? [] : undefined;
      } else if (this.lazy && this.depth === 2 && this.elementStart < 0 && c !== CLOSE_ARR && c !== COMMA) {
        this.elementStart = pos;
      }
      if (c === QUOTE) { this.inString = true; continue; }
      if (c === OPEN_OBJ || c === OPEN_ARR) { this.depth++; continue; }
      if (c === CLOSE_OBJ || c === CLOSE_ARR) {
        if (this.depth === 1) { this.endMember(pos); this.depth = 0; this.phase = "done"; continue; }
        if (this.depth === 2 && this.lazy && this.elementStart >= 0) { this.lazy.push([this.elementStart, pos]); this.elementStart = -1; }
        this.depth--;
        continue;
      }
      if (c === COMMA) {
        if (this.depth === 1) { this.endMember(pos); this.phase = "key"; }
        else if (this.depth === 2 && this.lazy && this.elementStart >= 0) { this.lazy.push([this.elementStart, pos]); this.elementStart = -1; }
      }
    }
  }

  private endMember(pos: number): void {
    this.members.set(this.key, [this.valueStart, pos]);
    if (this.lazy) this.elements.set(this.key, this.lazy);
    this.lazy = undefined;
  }
}

interface ByteSource {
  read(start: number, end: number): string;
}

function buildPlan(scanner: PlanScanner, source: ByteSource, name: string): PlanJson {
  const doc: Record<string, unknown> = {};
  for (const [key, [start, end]] of scanner.members) {
    if (!WANTED.has(key)) continue;
    const elements = scanner.elements.get(key);
    if (key === "planned_values") doc[key] = {}; // only a marker that the document is a plan; never read
    else if (elements) {
      doc[key] = {
        *[Symbol.iterator]() {
          for (const [s, e] of elements) yield JSON.parse(source.read(s, e));
        },
      };
    } else doc[key] = JSON.parse(source.read(start, end));
  }
  return checkPlanDocument(doc, name);
}

/** Parses a plan held in memory, reading only the sections the tools use. */
export function parsePlanBuffer(buf: Buffer, source = "plan JSON"): PlanJson {
  const scanner = new PlanScanner();
  scanner.feed(buf, 0);
  if (!scanner.ok) return parsePlanJson(buf.toString("utf8"), source);
  try {
    return buildPlan(scanner, { read: (s, e) => buf.toString("utf8", s, e) }, source);
  } catch (error) {
    if ((error as Error).name === "PlanInputError") throw error;
    return parsePlanJson(buf.toString("utf8"), source);
  }
}

/**
 * Parses a plan file without loading it whole: one chunked scan, then the wanted parts read by position. The file
 * stays open while the returned plan's lazy sections are iterated; it is closed when the process exits.
 */
export function parsePlanFile(path: string, source = path): PlanJson {
  const fd = openSync(path, "r");
  const size = fstatSync(fd).size;
  const scanner = new PlanScanner();
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let offset = 0; offset < size; ) {
    const n = readSync(fd, chunk, 0, CHUNK_BYTES, offset);
    if (n === 0) break;
    scanner.feed(n === CHUNK_BYTES ? chunk : chunk.subarray(0, n), offset);
    offset += n;
  }
  const read = (start: number, end: number) => {
    const buf = Buffer.allocUnsafe(end - start);
    readSync(fd, buf, 0, end - start, start);
    return buf.toString("utf8");
  };
  if (!scanner.ok) {
    const text = read(0, size);
    closeSync(fd);
    return parsePlanJson(text, source);
  }
  try {
    return buildPlan(scanner, { read }, source);
  } catch (error) {
    if ((error as Error).name === "PlanInputError") throw error;
    return parsePlanJson(read(0, size), source);
  }
}
