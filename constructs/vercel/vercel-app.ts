/**
 * A stage's Vercel project: framework and build settings, the Git repository with its production branch,
 * Vercel Authentication on previews, optional trusted IPs outside production; its domains (the apex serves,
 * `www` redirects to the apex with 308); and an environment variable per target for every catalogue secret Vercel
 * consumes, sensitive and write-only, valued from Secrets Manager without touching state. Preview builds (any
 * pushed branch) get the secrets only where the stage says so (`vercel.previewsGetSecrets`, never on a
 * production tier): otherwise the variables target production builds alone.
 * Non-secret variables from config are plain values. When configured, a Vercel Firewall rate limit on `/api/`.
 * @see https://registry.terraform.io/providers/vercel/vercel/5.10.0/docs/resources/project
 */
import { Token } from "cdktf";
import { Construct } from "constructs";
import { FirewallConfig } from "../../.gen/providers/vercel/firewall-config";
import { Project } from "../../.gen/providers/vercel/project";
import { ProjectDomain } from "../../.gen/providers/vercel/project-domain";
import { ProjectEnvironmentVariable } from "../../.gen/providers/vercel/project-environment-variable";
import type { StageSecret } from "../secrets/stage-secrets";

export const VERCEL_TARGETS = ["production", "preview"] as const;
export type VercelTarget = (typeof VERCEL_TARGETS)[number];
/** Permanent redirect that keeps the method (308), for www → apex. */
export const WWW_REDIRECT_STATUS = 308;

export interface VercelAppProps {
  readonly teamId: string;
  /** @see https://registry.terraform.io/providers/vercel/vercel/5.10.0/docs/resources/project#name */
  readonly projectName: string;
  readonly framework: string;
  readonly nodeVersion: string;
  /** @default - the repository root */
  readonly rootDirectory?: string;
  /** @default - the framework's */
  readonly buildCommand?: string;
  /** @default - the framework's */
  readonly installCommand?: string;
  /** `owner/name` of the GitHub repository Vercel builds from. */
  readonly repository: string;
  readonly productionBranch: string;
  /** Require Vercel Authentication on previews and generated URLs. @default true */
  readonly protectPreviews?: boolean;
  /** Limit every deployment to these CIDRs. @default - no restriction */
  readonly trustedIps?: readonly string[];
  /** Hostnames the project serves. */
  readonly domains: readonly string[];
  /** The zone apex: `www.<apex>` redirects to it when both are domains. */
  readonly apexDomain: string;
  /** Plain environment variables, for every target. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the plain variables come from, for their comment. */
  readonly envSource: string;
  /**
   * Variables valued from Secrets Manager, sensitive and write-only; never in state. @default []
   */
  readonly secretVariables?: ReadonlyArray<{ readonly envName: string; readonly secret: StageSecret }>;
  /** The targets that get the secret variables. @default ["production", "preview"] */
  readonly secretTargets?: readonly VercelTarget[];
  /**
   * Vercel Firewall rate limit on `/api/`, per IP. @default - no firewall rule
   * @see https://registry.terraform.io/providers/vercel/vercel/5.10.0/docs/resources/firewall_config
   */
  readonly apiRateLimit?: {
    readonly requestsPerWindow: number;
    readonly windowSeconds: number;
    readonly action: "deny" | "challenge" | "rate_limit";
  };
}

export class VercelApp extends Construct {
  public readonly project: Project;
  public readonly domains: readonly ProjectDomain[];
  public readonly secretVariables: readonly ProjectEnvironmentVariable[];
  public readonly firewall?: FirewallConfig;

  constructor(scope: Construct, id: string, props: VercelAppProps) {
    super(scope, id);
    const { teamId } = props;

    // Deployment types as documented for v5.10.0: `standard_protection_new` is Standard Protection (previews and
    // generated URLs need Vercel Authentication; custom production domains stay public).
    this.project = new Project(this, "project", {
      name: props.projectName,
      teamId,
      framework: props.framework,
      nodeVersion: props.nodeVersion,
      ...(props.rootDirectory ? { rootDirectory: props.rootDirectory } : {}),
      ...(props.buildCommand ? { buildCommand: props.buildCommand } : {}),
      ...(props.installCommand ? { installCommand: props.installCommand } : {}),
      gitRepository: { type: "github", repo: props.repository, productionBranch: props.productionBranch },
      vercelAuthentication: { deploymentType: (props.protectPreviews ?? true) ? "standard_protection_new" : "none" },
      ...(props.trustedIps && props.trustedIps.length > 0
        ? {
            trustedIps: {
              addresses: props.trustedIps.map((value) => ({ value })),
              deploymentType: "all_deployments",
              protectionMode: "trusted_ip_required",
            },
          }
        : {}),
    });

    const apex = props.apexDomain;
    const projectDomain = (domain: string, redirectTo?: ProjectDomain) =>
      new ProjectDomain(this, `domain-${domain}`, {
        projectId: this.project.id,
        teamId,
        domain,
        ...(redirectTo ? { redirect: redirectTo.domain, redirectStatusCode: WWW_REDIRECT_STATUS } : {}),
      });
    // `www` redirects through a reference to the apex resource, not the apex name, so Terraform creates the apex
    // before the redirect to it (the provider's own example does the same); a literal would create both at once.
    const apexDomain = props.domains.includes(apex) ? projectDomain(apex) : undefined;
    this.domains = props.domains.map((domain) =>
      domain === apex ? apexDomain! : projectDomain(domain, domain === `www.${apex}` ? apexDomain : undefined),
    );

    for (const [key, value] of Object.entries(props.env ?? {})) {
      new ProjectEnvironmentVariable(this, `env-${key}`, {
        projectId: this.project.id,
        teamId,
        key,
        value,
        target: [...VERCEL_TARGETS],
        sensitive: false,
        comment: `from ${props.envSource}`,
      });
    }

    const variables: ProjectEnvironmentVariable[] = [];
    for (const { envName, secret } of props.secretVariables ?? []) {
      const source = secret.value(this, `secret-${secret.entry.name}`);
      for (const target of props.secretTargets ?? VERCEL_TARGETS) {
        variables.push(
          new ProjectEnvironmentVariable(this, `secret-${secret.entry.name}-${target}`, {
            projectId: this.project.id,
            teamId,
            key: envName,
            valueWo: source.value,
            valueWoVersion: Token.asNumber(source.version),
            sensitive: true,
            target: [target],
            comment: `from Secrets Manager ${secret.id}`,
          }),
        );
      }
    }
    this.secretVariables = variables;

    if (props.apiRateLimit) {
      const limit = props.apiRateLimit;
      this.firewall = new FirewallConfig(this, "firewall", {
        projectId: this.project.id,
        teamId,
        enabled: true,
        rules: {
          rule: [
            {
              name: "api-rate-limit",
              description: `API routes: ${limit.requestsPerWindow} requests per ${limit.windowSeconds}s per IP`,
              active: true,
              conditionGroup: [{ conditions: [{ type: "path", op: "pre", value: "/api/" }] }],
              action: {
                action: "rate_limit",
                rateLimit: {
                  algo: "fixed_window",
                  window: limit.windowSeconds,
                  limit: limit.requestsPerWindow,
                  keys: ["ip"],
                  action: limit.action,
                },
              },
            },
          ],
        },
      });
    }
  }
}
