/** The public hostnames of a stage and Cloudflare rule-expression helpers built from them. */
import type { StageConfig } from "../../environments";

export function frontendHosts(stage: StageConfig): string[] {
  return [...stage.vercel.domains];
}

export function stageHosts(stage: StageConfig): string[] {
  return [...stage.vercel.domains, stage.cloudflare.apiHostname];
}

/** `(http.host in {"a" "b"})`, the Rules language set syntax. */
export function hostIn(hosts: readonly string[]): string {
  return `(http.host in {${hosts.map((h) => JSON.stringify(h)).join(" ")}})`;
}

/** The health-check path of a stage's API, never to be blocked or challenged. */
export function healthPath(stage: StageConfig): string {
  return stage.fly.healthCheck?.path ?? "/health";
}
