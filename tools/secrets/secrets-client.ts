/**
 * The Secrets Manager client for `infra secrets`, in the stage's region. Honors AWS_ENDPOINT_URL (and the
 * service-specific AWS_ENDPOINT_URL_SECRETS_MANAGER) so tests run against a local emulator.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { StageConfig } from "../../environments";
import { UsageError } from "../usage-error";

export { UsageError };

export function secretsClient(stage: StageConfig, env: NodeJS.ProcessEnv = process.env): SecretsManagerClient {
  const endpoint = env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL;
  return new SecretsManagerClient({ region: stage.aws.region, ...(endpoint ? { endpoint } : {}) });
}

/** The Secrets Manager id of a catalogue secret: `<app>/<stage>/<name>`. */
export function secretId(stage: StageConfig, name: string): string {
  return `${stage.app}/${stage.name}/${name}`;
}

/** The catalogue entry for `name`, or an error listing the stage's secret names. */
export function catalogueEntry(stage: StageConfig, name: string) {
  const spec = stage.secrets.find((s) => s.name === name);
  if (!spec) {
    throw new UsageError(
      `"${name}" is not in the ${stage.name} secrets catalogue; known secrets: ${stage.secrets.map((s) => s.name).join(", ")}`,
    );
  }
  return spec;
}
