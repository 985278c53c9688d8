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
import type { StageConfig } from "../../environments";
import { secretEnvName } from "../../environments/types";
import type { StageSecrets } from "../secrets/stage-secrets";
import { SecretValue } from "./secret-value";

export const VERCEL_TARGETS = ["production", "preview"] as const;
/** Permanent redirect that keeps the method (308), for www → apex. */
export const WWW_REDIRECT_STATUS = 308;

export interface VercelAppProps {
  readonly stage: StageConfig;
  readonly secrets: StageSecrets;
}

export class VercelApp extends Construct {
  public readonly project: Project;
  public readonly domains: readonly ProjectDomain[];
  public readonly secretVariables: readonly ProjectEnvironmentVariable[];
  public readonly firewall?: FirewallConfig;

  constructor(scope: Construct, id: string, props: VercelAppProps) {
    super(scope, id);
    const { stage, secrets } = props;
    const { vercel, github } = stage;

    // Deployment types as documented for v5.10.0: `standard_protection_new` is Standard Protection (previews and
    // generated URLs need Vercel Authentication; custom production domains stay public).
    this.project = new Project(this, "project", {
      name: vercel.projectName,
      teamId: vercel.teamId,
      framework: vercel.framework,
      nodeVersion: vercel.nodeVersion,
      ...(vercel.rootDirectory ? { rootDirectory: vercel.rootDirectory } : {}),
      ...(vercel.buildCommand ? { buildCommand: vercel.buildCommand } : {}),
      ...(vercel.installCommand ? { installCommand: vercel.installCommand } : {}),
      gitRepository: { type: "github", repo: `${github.owner}/${github.repository}`, productionBranch: github.defaultBranch },
      vercelAuthentication: { deploymentType: vercel.protectPreviews ? "standard_protection_new" : "none" },
      ...(vercel.trustedIps && vercel.trustedIps.length > 0
        ? { trustedIps: { addresses: vercel.trustedIps.map((value) => ({ value })), deploymentType: "all_deployments", protectionMode: "trusted_ip_required" } }
        : {}),
    });

    const apex = stage.cloudflare.domain;
    const projectDomain = (domain: string, redirectTo?: ProjectDomain) => new ProjectDomain(this, `domain-${domain}`, {
      projectId: this.project.id,
      teamId: vercel.teamId,
      domain,
      ...(redirectTo ? { redirect: redirectTo.domain, redirectStatusCode: WWW_REDIRECT_STATUS } : {}),
    });
    // `www` redirects through a reference to the apex resource, not the apex name, so Terraform creates the apex
    // before the redirect to it (the provider's own example does the same); a literal would create both at once.
    const apexDomain = vercel.domains.includes(apex) ? projectDomain(apex) : undefined;
    this.domains = vercel.domains.map((domain) =>
      domain === apex ? apexDomain! : projectDomain(domain, domain === `www.${apex}` ? apexDomain : undefined));

    for (const [key, value] of Object.entries(vercel.env)) {
      new ProjectEnvironmentVariable(this, `env-${key}`, {
        projectId: this.project.id, teamId: vercel.teamId, key, value, target: [...VERCEL_TARGETS], sensitive: false,
        comment: `from environments/${stage.name}.ts`,
      });
    }

    const variables: ProjectEnvironmentVariable[] = [];
    if (stage.wireSecretConsumers) {
      for (const spec of stage.secrets.filter((s) => s.consumers.includes("vercel"))) {
        const source = new SecretValue(this, `secret-${spec.name}`, { secretArn: secrets.secrets[spec.name]!.secret.arn });
        for (const target of stage.vercel.previewsGetSecrets ? VERCEL_TARGETS : (["production"] as const)) {
          variables.push(new ProjectEnvironmentVariable(this, `secret-${spec.name}-${target}`, {
            projectId: this.project.id,
            teamId: vercel.teamId,
            key: secretEnvName(spec),
            valueWo: source.value,
            valueWoVersion: Token.asNumber(source.version),
            sensitive: true,
            target: [target],
            comment: `from Secrets Manager ${stage.app}/${stage.name}/${spec.name}`,
          }));
        }
      }
    }
    this.secretVariables = variables;

    if (vercel.apiRateLimit) {
      const limit = vercel.apiRateLimit;
      this.firewall = new FirewallConfig(this, "firewall", {
        projectId: this.project.id,
        teamId: vercel.teamId,
        enabled: true,
        rules: {
          rule: [{
            name: "api-rate-limit",
            description: `API routes: ${limit.requestsPerWindow} requests per ${limit.windowSeconds}s per IP`,
            active: true,
            conditionGroup: [{ conditions: [{ type: "path", op: "pre", value: "/api/" }] }],
            action: {
              action: "rate_limit",
              rateLimit: { algo: "fixed_window", window: limit.windowSeconds, limit: limit.requestsPerWindow, keys: ["ip"], action: limit.action },
            },
          }],
        },
      });
    }
  }
}
