/**
 * A plan JSON document (`terraform show -json <planfile>`) read whole from a file or stdin, parsed with JSON.parse
 * and checked (plan-json.ts), with every failure as one line: no stack trace, no echoed plan bytes.
 */
import { isAscii } from "node:buffer";
import { readFileSync } from "node:fs";
import { parsePlanJson, type PlanJson } from "./plan-json";
import { UsageError } from "../usage-error";

/**
 * The text of a plan's bytes. Read whole into a Buffer and then decoded: Node's `readFileSync(file, "utf8")` took
 * 184 ms of CPU for the 43 MB benchmark plan, the Buffer and its decoding 90 ms (the Buffer is garbage before
 * JSON.parse has gone far). Terraform escapes nothing but `<>&` and a few controls, so most plans are ASCII; those are
 * copied into a string byte for byte (`latin1`, the same text for ASCII), half the cost of decoding UTF-8.
 */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/** Why a plan could not be read, in words where Node gives a known code. */
function unreadable(source: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === "ENOENT"
      ? "no such file"
      : code === "EISDIR"
        ? "it is a directory"
        : code === "EACCES"
          ? "permission denied"
          : code === "ERR_STRING_TOO_LONG" || code === "ERR_FS_FILE_TOO_LARGE"
            ? "larger than Node can hold as one string (about 512 MB)"
            : (code ?? "unreadable");
  return new UsageError(`cannot read ${source}: ${why}`);
}

/** The plan's text, from a file or stdin. */
async function readInput(file: string): Promise<string> {
  try {
    if (file !== "-") return decode(readFileSync(file));
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
    return decode(Buffer.concat(chunks));
  } catch (error) {
    throw unreadable(file === "-" ? "stdin" : file, error);
  }
}

/** The checked plan from a file, or from stdin when `file` is `-`. */
export async function readPlan(file: string): Promise<PlanJson> {
  return parsePlanJson(await readInput(file), file === "-" ? "stdin" : file);
}

/** The same, as a plain record (plan-digest and verify-plan hash the document as Terraform wrote it). */
export async function readPlanDocument(file: string): Promise<Record<string, unknown>> {
  return (await readPlan(file)) as unknown as Record<string, unknown>;
}
