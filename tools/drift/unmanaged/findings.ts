/**
 * What `infra drift --unmanaged` reports: something inside the platform's own namespaces (a stage's secret
 * prefix, its GitHub environment, its hostnames in the zone, its Vercel project, the app's IAM roles) that no
 * stack declares. Each finding says how much it matters and the commands that would delete it or adopt it.
 */
import type { Severity } from "../severity";

export type UnmanagedKind =
  "secret" | "github-secret" | "github-variable" | "dns-record" | "vercel-env" | "vercel-domain" | "iam-role";

export interface UnmanagedFinding {
  readonly kind: UnmanagedKind;
  /** Where it lives, in words: `Secrets Manager`, `GitHub environment production`, `Cloudflare zone example.com`. */
  readonly where: string;
  /** What it is called there (a secret name, a record `name TYPE content`): never a value. */
  readonly name: string;
  readonly severity: Severity;
  /** Why the severity, in words. */
  readonly why: string;
  /** A command that deletes it. */
  readonly remove: string;
  /** How to declare it instead, when adopting makes sense. */
  readonly adopt?: string;
}
