/**
 * `infra secrets set <stage> <name>`: puts a new value from stdin (never argv, never echoed) and prints only the
 * new version id. The value is held in memory just long enough to send it.
 */
import { PutSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { StageConfig } from "../../environments";
import { catalogueEntry, secretId, UsageError } from "./secrets-client";

/** Reads the whole value from a stream; on a terminal, reads one line with echo off. */
export async function readSecretValue(input: NodeJS.ReadStream, prompt: NodeJS.WritableStream): Promise<string> {
  if (input.isTTY) {
    prompt.write("value (input hidden, Enter to finish): ");
    input.setRawMode(true);
    const value = await new Promise<string>((resolve, reject) => {
      let buffer = "";
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString("utf8")) {
          if (ch === "\r" || ch === "\n") {
            cleanup();
            return resolve(buffer);
          }
          if (ch === "\u0003") {
            cleanup();
            return reject(new UsageError("cancelled"));
          }
          if (ch === "\u007f") buffer = buffer.slice(0, -1);
          else buffer += ch;
        }
      };
      const cleanup = () => {
        input.off("data", onData);
        input.setRawMode(false);
        input.pause();
        prompt.write("\n");
      };
      input.on("data", onData);
      input.resume();
    });
    return value;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  // One trailing newline is what `echo` and heredocs add; it is never part of the value.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export async function setSecret(
  client: SecretsManagerClient,
  stage: StageConfig,
  name: string,
  value: string,
): Promise<string> {
  catalogueEntry(stage, name);
  if (value.length === 0)
    throw new UsageError(`refusing to store an empty value for ${secretId(stage, name)}; pipe the value on stdin`);
  const result = await client.send(new PutSecretValueCommand({ SecretId: secretId(stage, name), SecretString: value }));
  if (!result.VersionId) throw new Error(`Secrets Manager returned no version id for ${secretId(stage, name)}`);
  return result.VersionId;
}
