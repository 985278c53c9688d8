/**
 * `infra secrets status <stage>`: for each catalogue secret, whether it exists, whether it has a current value,
 * when the value was last set, when rotation is due (from the catalogue's rotation days) and who consumes it.
 * It reads metadata only (DescribeSecret, ListSecretVersionIds), never a value.
 */
import {
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { StageConfig } from "../../environments";
import { secretId } from "./secrets-client";

export interface SecretStatus {
  readonly name: string;
  readonly id: string;
  readonly exists: boolean;
  readonly hasValue: boolean;
  /** ISO time the current value was stored, or null. */
  readonly lastChanged: string | null;
  readonly rotationDays: number;
  /** ISO date rotation is due (lastChanged + rotationDays), or null without a value. */
  readonly rotationDue: string | null;
  readonly overdue: boolean;
  readonly consumers: readonly string[];
}

const DAY_MS = 86_400_000;

export async function secretsStatus(
  client: SecretsManagerClient,
  stage: StageConfig,
  now = new Date(),
): Promise<SecretStatus[]> {
  return Promise.all(
    stage.secrets.map(async (spec): Promise<SecretStatus> => {
      const id = secretId(stage, spec.name);
      const base = { name: spec.name, id, rotationDays: spec.rotationDays, consumers: [...spec.consumers] };
      try {
        await client.send(new DescribeSecretCommand({ SecretId: id }));
      } catch (error) {
        if (error instanceof ResourceNotFoundException) {
          return { ...base, exists: false, hasValue: false, lastChanged: null, rotationDue: null, overdue: false };
        }
        throw error;
      }
      const versions = await client.send(new ListSecretVersionIdsCommand({ SecretId: id }));
      const current = versions.Versions?.find((v) => v.VersionStages?.includes("AWSCURRENT"));
      if (!current?.CreatedDate)
        return { ...base, exists: true, hasValue: false, lastChanged: null, rotationDue: null, overdue: false };
      const due = new Date(current.CreatedDate.getTime() + spec.rotationDays * DAY_MS);
      return {
        ...base,
        exists: true,
        hasValue: true,
        lastChanged: current.CreatedDate.toISOString(),
        rotationDue: due.toISOString().slice(0, 10),
        overdue: due.getTime() < now.getTime(),
      };
    }),
  );
}

/** A markdown table for people. */
export function renderSecretsStatus(stage: string, rows: readonly SecretStatus[]): string {
  const state = (r: SecretStatus) =>
    !r.exists ? "missing" : !r.hasValue ? "no value" : r.overdue ? "rotation overdue" : "ok";
  return [
    `### Secrets of ${stage}`,
    "",
    "| secret | state | last changed | rotation due | consumers |",
    "|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| \`${r.name}\` | ${state(r)} | ${r.lastChanged ?? "-"} | ${r.rotationDue ?? "-"} (every ${r.rotationDays} d) | ${r.consumers.join(", ")} |`,
    ),
    "",
  ].join("\n");
}
