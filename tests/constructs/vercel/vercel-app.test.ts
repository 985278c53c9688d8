/**
 * VercelApp specifies a stage's Vercel project: its framework and build settings, the GitHub repository and
 * production branch it builds from, Vercel Authentication on previews (by default), trusted IPs only when given; its
 * domains, `www.<apex>` redirecting (308) to the apex through a reference to the apex's resource so the apex is
 * created first; plain variables for every target; each secret variable sensitive and write-only, per target,
 * valued by an ephemeral read of its Secrets Manager secret (never in state); and a Vercel Firewall rate limit on
 * /api/ when given one.
 */
import { Testing } from "cdktf";
import { FirewallConfig } from "../../../.gen/providers/vercel/firewall-config";
import { Project } from "../../../.gen/providers/vercel/project";
import { ProjectEnvironmentVariable } from "../../../.gen/providers/vercel/project-environment-variable";
import { VercelApp, type VercelAppProps } from "../../../constructs/vercel/vercel-app";
import { addressOf, resourcesOf, stageSecret } from "../../support/construct-scope";

const PROPS: VercelAppProps = {
  teamId: "team_000000000000000000000000",
  projectName: "acme-web",
  framework: "nextjs",
  nodeVersion: "22.x",
  repository: "example-org/acme-platform",
  productionBranch: "main",
  domains: ["example.com", "www.example.com"],
  apexDomain: "example.com",
  envSource: "environments/stages/production.ts",
};
const synth = (props: Partial<VercelAppProps> = {}) =>
  Testing.synthScope((scope) => void new VercelApp(scope, "vercel-app", { ...PROPS, ...props }));
const projectOf = (out: string) => resourcesOf(JSON.parse(out), "vercel_project")[0];
/** With the webhook-signing-secret as WEBHOOK_SIGNING_SECRET, and `props` on top. */
const withSecret = (props: Partial<VercelAppProps> = {}) =>
  Testing.synthScope((scope) => {
    const secret = stageSecret(scope, {
      name: "webhook-signing-secret",
      description: "webhook signatures",
      consumers: ["fly", "vercel"],
      rotationDays: 90,
    });
    new VercelApp(scope, "vercel-app", {
      ...PROPS,
      secretVariables: [{ envName: "WEBHOOK_SIGNING_SECRET", secret }],
      ...props,
    });
  });

describe("VercelApp, the project", () => {
  test("builds the repository's production branch with the framework and Node version, in the team", () => {
    expect(synth({ rootDirectory: "apps/web" })).toHaveResourceWithProperties(Project, {
      name: "acme-web",
      team_id: "team_000000000000000000000000",
      framework: "nextjs",
      root_directory: "apps/web",
      node_version: "22.x",
      git_repository: { type: "github", repo: "example-org/acme-platform", production_branch: "main" },
    });
  });

  test("leaves the root directory and the build and install commands to the framework by default", () => {
    const project = projectOf(synth());
    expect([project.root_directory, project.build_command, project.install_command]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(synth({ buildCommand: "npm run build:web", installCommand: "npm ci" })).toHaveResourceWithProperties(
      Project,
      { build_command: "npm run build:web", install_command: "npm ci" },
    );
  });

  test("protects previews and generated URLs with Vercel Authentication by default", () => {
    expect(projectOf(synth()).vercel_authentication).toEqual({ deployment_type: "standard_protection_new" });
  });

  test("leaves previews open when protectPreviews is false", () => {
    expect(projectOf(synth({ protectPreviews: false })).vercel_authentication).toEqual({ deployment_type: "none" });
  });

  test("restricts every deployment to the trusted IPs it is given, and to none by default", () => {
    expect(projectOf(synth({ trustedIps: ["203.0.113.0/24"] })).trusted_ips).toEqual({
      addresses: [{ value: "203.0.113.0/24" }],
      deployment_type: "all_deployments",
      protection_mode: "trusted_ip_required",
    });
    expect(projectOf(synth()).trusted_ips).toBeUndefined();
    expect(projectOf(synth({ trustedIps: [] })).trusted_ips).toBeUndefined();
  });
});

describe("VercelApp, the domains", () => {
  const domainsOf = (out: string) => resourcesOf(JSON.parse(out), "vercel_project_domain");
  const apexOf = (out: string) =>
    addressOf(JSON.parse(out), "vercel_project_domain", (d) => d.domain === "example.com");

  test("serves the apex and redirects www to it with 308 through a reference to the apex resource", () => {
    const out = synth();
    expect(domainsOf(out).map((d) => [d.domain, d.redirect, d.redirect_status_code])).toEqual([
      ["example.com", undefined, undefined],
      ["www.example.com", `\${vercel_project_domain.${apexOf(out)}.domain}`, 308],
    ]);
  });

  test("references the apex resource even when www is listed first, and keeps each domain's construct id", () => {
    let app: VercelApp | undefined;
    const out = Testing.synthScope((scope) => {
      app = new VercelApp(scope, "vercel-app", { ...PROPS, domains: ["www.example.com", "example.com"] });
    });
    expect(app!.domains.map((d) => d.node.id)).toEqual(["domain-www.example.com", "domain-example.com"]);
    expect(domainsOf(out).find((d) => d.domain === "www.example.com").redirect).toBe(
      `\${vercel_project_domain.${apexOf(out)}.domain}`,
    );
  });

  test("redirects nothing when the apex is not one of its domains", () => {
    expect(
      domainsOf(synth({ domains: ["staging.example.com", "www.example.com"] })).map((d) => [d.domain, d.redirect]),
    ).toEqual([
      ["staging.example.com", undefined],
      ["www.example.com", undefined],
    ]);
  });

  test("attaches each domain to the project in the team", () => {
    const out = synth();
    const project = addressOf(JSON.parse(out), "vercel_project", () => true);
    for (const d of domainsOf(out))
      expect([d.project_id, d.team_id]).toEqual([`\${vercel_project.${project}.id}`, "team_000000000000000000000000"]);
  });
});

describe("VercelApp, the environment variables", () => {
  test("sets each plain variable for every target, not sensitive, saying where it came from", () => {
    expect(synth({ env: { NEXT_PUBLIC_API_URL: "https://api.example.com" } })).toHaveResourceWithProperties(
      ProjectEnvironmentVariable,
      {
        key: "NEXT_PUBLIC_API_URL",
        value: "https://api.example.com",
        target: ["production", "preview"],
        sensitive: false,
        comment: "from environments/stages/production.ts",
      },
    );
  });

  test("declares no variable, no firewall rule and no secret read unless asked", () => {
    const json = JSON.parse(synth());
    expect(json.resource.vercel_project_environment_variable).toBeUndefined();
    expect(json.resource.vercel_firewall_config).toBeUndefined();
    expect(json.ephemeral).toBeUndefined();
  });

  test("values a secret variable write-only from an ephemeral read of its secret, sensitive, one per target", () => {
    const json = JSON.parse(withSecret());
    const secret = addressOf(json, "aws_secretsmanager_secret", () => true);
    const [[ephemeral, read]] = Object.entries<any>(json.ephemeral.aws_secretsmanager_secret_version);
    expect(read.secret_id).toBe(`\${aws_secretsmanager_secret.${secret}.arn}`);
    const versions = addressOf(json, "aws_secretsmanager_secret_versions", () => true, "data");
    const variables = resourcesOf(json, "vercel_project_environment_variable");
    expect(variables.map((v) => v.target)).toEqual([["preview"], ["production"]]);
    for (const v of variables) {
      expect(v).toEqual({
        project_id: expect.stringMatching(/^\$\{vercel_project\..*\.id\}$/),
        team_id: "team_000000000000000000000000",
        key: "WEBHOOK_SIGNING_SECRET",
        value_wo: `\${ephemeral.aws_secretsmanager_secret_version.${ephemeral}.secret_string}`,
        value_wo_version: `\${parseint(formatdate("YYYYMMDDhhmmss", one([for v in data.aws_secretsmanager_secret_versions.${versions}.versions : v.created_time if contains(v.version_stages, "AWSCURRENT")])), 10)}`,
        sensitive: true,
        target: v.target,
        comment: "from Secrets Manager acme/production/webhook-signing-secret",
      });
    }
  });

  test("gives secret variables only to the targets it is told", () => {
    const variables = resourcesOf(
      JSON.parse(withSecret({ secretTargets: ["production"] })),
      "vercel_project_environment_variable",
    );
    expect(variables.map((v) => [v.key, v.target])).toEqual([["WEBHOOK_SIGNING_SECRET", ["production"]]]);
  });
});

describe("VercelApp, the firewall", () => {
  test("rate-limits /api/ per IP in a fixed window when given a limit", () => {
    expect(
      synth({ apiRateLimit: { requestsPerWindow: 100, windowSeconds: 60, action: "deny" } }),
    ).toHaveResourceWithProperties(FirewallConfig, {
      enabled: true,
      rules: {
        rule: [
          {
            name: "api-rate-limit",
            description: "API routes: 100 requests per 60s per IP",
            active: true,
            condition_group: [{ conditions: [{ type: "path", op: "pre", value: "/api/" }] }],
            action: {
              action: "rate_limit",
              rate_limit: { algo: "fixed_window", window: 60, limit: 100, keys: ["ip"], action: "deny" },
            },
          },
        ],
      },
    });
  });
});
