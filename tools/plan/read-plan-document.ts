/**
 * A plan JSON document (`terraform show -json <planfile>`) read whole from a file or stdin, parsed with JSON.parse
 * and checked (plan-json.ts), with every failure as one line: no stack trace, no echoed plan bytes.
 */
import { readFileSync } from "node:fs";
import { parsePlanJson, type PlanJson } from "./plan-json";
import { UsageError } from "../usage-error";

async function readInput(file: string): Promise<Buffer> {
  if (file !== "-") {
    try {
      return readFileSync(file);
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
  return Buffer.concat(chunks);
}

/** The checked plan from a file, or from stdin when `file` is `-`. */
export async function readPlan(file: string): Promise<PlanJson> {
  return parsePlanJson(await readInput(file), file === "-" ? "stdin" : file);
}

/** The same, as a plain record (plan-digest and verify-plan hash the document as Terraform wrote it). */
export async function readPlanDocument(file: string): Promise<Record<string, unknown>> {
  return (await readPlan(file)) as unknown as Record<string, unknown>;
}
