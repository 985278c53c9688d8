/**
 * A plan JSON document (`terraform show -json <planfile>`) read whole from a file or stdin, parsed with JSON.parse
 * and checked (plan-json.ts), with every failure as one line: no stack trace, no echoed plan bytes.
 */
import { readFileSync } from "node:fs";
import { parsePlanJson, type PlanJson } from "./plan-json";
import { UsageError } from "../usage-error";

/**
 * The plan's text. Read straight into a string (not a Buffer and then a string): on a 100 MB plan that is one copy
 * fewer held while JSON.parse runs.
 */
async function readInput(file: string): Promise<string> {
  if (file !== "-") {
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === "ENOENT"
          ? "no such file"
          : code === "EISDIR"
            ? "it is a directory"
            : code === "EACCES"
              ? "permission denied"
              : (code ?? "unreadable");
      throw new UsageError(`cannot read ${file}: ${why}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/** The checked plan from a file, or from stdin when `file` is `-`. */
export async function readPlan(file: string): Promise<PlanJson> {
  return parsePlanJson(await readInput(file), file === "-" ? "stdin" : file);
}

/** The same, as a plain record (plan-digest and verify-plan hash the document as Terraform wrote it). */
export async function readPlanDocument(file: string): Promise<Record<string, unknown>> {
  return (await readPlan(file)) as unknown as Record<string, unknown>;
}
