/**
 * Building one construct alone, for the construct tests (tests/constructs/, one file per file of constructs/):
 * `synthJson` synthesizes what a callback declares in a fresh stack (`Testing.synthScope`) and parses it,
 * `resourcesOf`/`addressOf` read blocks of one type, and `stageSecret` makes the one prop value a construct cannot
 * be given as plain data (a StageSecret, which VercelApp and ApiHealthCheck take) from a bare secret resource.
 */
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { SecretValue } from "../../constructs/secrets/secret-value";
import type { SecretEntry, StageSecret } from "../../constructs/secrets/stage-secrets";
import type { TerraformJson } from "./terraform-harness";

/** The example platform's Cloudflare zone (and account) id. */
export const ZONE_ID = "0".repeat(32);

/** What a zone's entry-point ruleset of one phase says of itself, for `toHaveResourceWithProperties(Ruleset, ...)`. */
export const zoneEntryPoint = (phase: string, name: string) => ({ zone_id: ZONE_ID, kind: "zone", phase, name });

/** The example platform's app, AWS account and region. */
export const ACCOUNT = { app: "acme", accountId: "000000000000", region: "eu-west-1" } as const;

/** The ARN of a role of the example account. */
export const roleArnOf = (name: string): string => `arn:aws:iam::${ACCOUNT.accountId}:role/${name}`;

/** What `build` declares in a fresh stack, synthesized and parsed. */
export function synthJson(build: (scope: Construct) => void): TerraformJson {
  return JSON.parse(Testing.synthScope(build));
}

/** The blocks of one resource type (or of `section`: data, ephemeral), in address order. */
export function resourcesOf(json: TerraformJson, type: string, section = "resource"): any[] {
  return Object.values(json[section]?.[type] ?? {});
}

/** The address (logical id) of the one block of `type` that `match` picks. */
export function addressOf(json: TerraformJson, type: string, match: (block: any) => boolean, section = "resource") {
  const found = Object.entries<any>(json[section]?.[type] ?? {}).find(([, block]) => match(block));
  if (!found) throw new Error(`no ${section} ${type} matches`);
  return found[0];
}

/** A StageSecret (`acme/production/<name>`) for props that take one, backed by a bare secret resource in `scope`. */
export function stageSecret(scope: Construct, entry: SecretEntry): StageSecret {
  const id = `acme/production/${entry.name}`;
  const secret = new SecretsmanagerSecret(scope, `secret-${entry.name}`, { name: id });
  return {
    entry,
    id,
    secret,
    readers: [],
    value: (valueScope, valueId) => new SecretValue(valueScope, valueId, { secretArn: secret.arn }),
  };
}
