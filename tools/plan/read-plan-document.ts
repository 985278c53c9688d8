/**
 * A plan JSON document (`terraform show -json <planfile>`) read whole from a file or stdin for the commands that
 * need all of it (plan-digest, verify-plan), with every failure as one line: no stack trace, no echoed plan bytes.
 */
import { readFileSync } from "node:fs";
import { checkPlanDocument, PlanInputError } from "./plan-json";
import { UsageError } from "../usage-error";

async function readInput(file: string): Promise<string> {
  if (file !== "-") {
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

export async function readPlanDocument(file: string): Promise<Record<string, unknown>> {
  const source = file === "-" ? "stdin" : file;
  const text = await readInput(file);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // V8's message quotes bytes of the input, which may be a secret's: say where, not what.
    throw new PlanInputError(`${source} is not valid JSON; pass the output of \`terraform show -json <planfile>\``);
  }
  checkPlanDocument(doc, source);
  return doc as Record<string, unknown>;
}
