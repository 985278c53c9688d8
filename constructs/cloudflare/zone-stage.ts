/** What the zone-wide edge needs to know of each stage on the zone: its hosts, health path, headers and rate limit. */

export interface ZoneStage {
  readonly name: string;
  /** Hostnames of the Vercel frontend. */
  readonly frontendHosts: readonly string[];
  readonly apiHostname: string;
  /** The API's health-check path, never blocked, challenged or rate limited. */
  readonly healthPath: string;
  readonly headers: {
    readonly contentSecurityPolicy: string;
    readonly permissionsPolicy: string;
    /** Ask for HSTS preloading (allowed only where the stage's tier allows it; checked with the config). */
    readonly hstsPreload: boolean;
  };
  /** Per-IP limit of the API. */
  readonly apiRateLimit: {
    readonly requestsPerPeriod: number;
    readonly periodSeconds: number;
    readonly action: "block" | "managed_challenge";
    readonly mitigationTimeoutSeconds: number;
  };
}
