/**
 * Who reads a secret's value, for each consumer, and when: the one table that the secrets' resource policies, the
 * keys' policies, the roles' permissions and the tools all derive from. A consumer whose value Terraform never
 * holds is synced outside Terraform by an `infra secrets sync-*` command run with the stage's deploy role.
 */
import type { SecretConsumer } from "../../environments/types";

/** A stage role, by what it does: deploy (apply, sync), plan (pull-request plans, drift checks), fly (machines). */
export type StageRoleKind = "deploy" | "plan" | "fly";

export interface ConsumerAccess {
  /** The stage roles that read the value. */
  readonly readers: readonly StageRoleKind[];
  /** When the value is read, in words (README, `infra secrets status`). */
  readonly when: string;
  /** How the value reaches the consumer without ever sitting in Terraform state. */
  readonly delivery: "ephemeral" | "sync-github" | "sync-cloudflare" | "run-time";
}

export const CONSUMER_ACCESS: Readonly<Record<SecretConsumer, ConsumerAccess>> = {
  vercel: {
    readers: ["deploy", "plan"],
    when: "while planning and applying: an ephemeral read into the variable's write-only value",
    delivery: "ephemeral",
  },
  github: { readers: ["deploy"], when: "by `infra secrets sync-github` after a deploy", delivery: "sync-github" },
  cloudflare: {
    readers: ["deploy"],
    when: "by `infra secrets sync-cloudflare` before consumers are wired",
    delivery: "sync-cloudflare",
  },
  fly: { readers: ["fly"], when: "at run time, by the machines through the stage's Fly role", delivery: "run-time" },
};

/** The stage roles that read a secret consumed by `consumers`. */
export function readersOf(consumers: readonly SecretConsumer[]): StageRoleKind[] {
  const kinds = new Set(consumers.flatMap((c) => CONSUMER_ACCESS[c].readers));
  return (["deploy", "plan", "fly"] as const).filter((k) => kinds.has(k));
}

/**
 * Tags `infra secrets sync-*` writes on a secret to record what it delivered: a digest of the secret's version and
 * the destination (never of the value), and the id Cloudflare gave the webhook destination. Terraform ignores
 * exactly these tags on the secret (StageSecrets), and the Cloudflare notification policy reads the id from them.
 */
export const SYNC_TAGS = {
  github: "synced-github",
  cloudflare: "synced-cloudflare",
  cloudflareWebhookId: "cloudflare-webhook-id",
} as const;
