/**
 * Constructs synthesized alone (`Testing.synthScope`), from their own flat props, checked with the cdktf matchers:
 * each construct stands without a stage config or a whole stack, and its props mean what their docs say.
 */
import { Testing } from "cdktf";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";
import { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { RepositoryEnvironmentDeploymentPolicy } from "@cdktf/provider-github/lib/repository-environment-deployment-policy";
import { RepositoryRuleset } from "@cdktf/provider-github/lib/repository-ruleset";
import { EdgeDns, VERCEL_APEX_ADDRESS, VERCEL_CNAME_TARGET } from "../../constructs/cloudflare/edge-dns";
import { DeploymentEnvironment, type DeploymentEnvironmentProps } from "../../constructs/github/deployment-environment";
import { RepositoryProtection } from "../../constructs/github/repository-protection";

const ZONE = "0".repeat(32);

describe("EdgeDns alone", () => {
  const synth = (proxied?: boolean) =>
    Testing.synthScope((scope) => {
      new EdgeDns(scope, "dns", {
        zoneId: ZONE,
        apexDomain: "example.com",
        frontendHosts: ["example.com", "www.example.com"],
        apiHostname: "api.example.com",
        apiTarget: "acme-api.fly.dev",
        owner: "acme production",
        ...(proxied === undefined ? {} : { proxied }),
      });
    });

  test("the apex is an A record to Vercel, a subdomain a CNAME, the API a CNAME to Fly; proxied by default", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(DnsRecord, {
      name: "example.com",
      type: "A",
      content: VERCEL_APEX_ADDRESS,
      proxied: true,
      ttl: 1,
    });
    expect(out).toHaveResourceWithProperties(DnsRecord, {
      name: "www.example.com",
      type: "CNAME",
      content: VERCEL_CNAME_TARGET,
    });
    expect(out).toHaveResourceWithProperties(DnsRecord, {
      name: "api.example.com",
      type: "CNAME",
      content: "acme-api.fly.dev",
      proxied: true,
    });
  });

  test("proxied: false is passed through to every record", () => {
    const records = Object.values(
      (JSON.parse(synth(false)) as { resource: { cloudflare_dns_record: Record<string, { proxied: boolean }> } })
        .resource.cloudflare_dns_record,
    );
    expect(records.map((r) => r.proxied)).toEqual([false, false, false]);
  });
});

describe("DeploymentEnvironment alone", () => {
  const props: DeploymentEnvironmentProps = {
    repository: "acme-platform",
    stage: "production",
    reviewers: { users: [], teams: [42] },
    deploymentBranches: "default",
    defaultBranch: "main",
    adminsMayBypass: false,
    planApproval: true,
  };

  test("reviewers without self-review, no admin bypass, only the default branch, and a -plan environment", () => {
    const out = Testing.synthScope((scope) => void new DeploymentEnvironment(scope, "env", props));
    expect(out).toHaveResourceWithProperties(RepositoryEnvironment, {
      environment: "production",
      prevent_self_review: true,
      can_admins_bypass: false,
      reviewers: [{ teams: [42], users: [] }],
    });
    expect(out).toHaveResourceWithProperties(RepositoryEnvironment, { environment: "production-plan" });
    expect(out).toHaveResourceWithProperties(RepositoryEnvironmentDeploymentPolicy, { branch_pattern: "main" });
  });

  test("throws when plan approval has nobody to approve", () => {
    expect(() =>
      Testing.synthScope(
        (scope) => void new DeploymentEnvironment(scope, "env", { ...props, reviewers: { users: [], teams: [] } }),
      ),
    ).toThrow(/plan approval needs at least one reviewer/);
  });
});

describe("RepositoryProtection alone", () => {
  test("the default branch needs a reviewed pull request and exactly the given checks", () => {
    const out = Testing.synthScope(
      (scope) =>
        void new RepositoryProtection(scope, "protect", {
          repository: "acme-platform",
          requiredChecks: ["test", "plan (staging)"],
        }),
    );
    expect(out).toHaveResourceWithProperties(RepositoryRuleset, { target: "branch", enforcement: "active" });
    const ruleset = Object.values(
      (JSON.parse(out) as { resource: { github_repository_ruleset: Record<string, any> } }).resource
        .github_repository_ruleset,
    )[0];
    expect(ruleset.rules.required_status_checks.required_check.map((c: { context: string }) => c.context)).toEqual([
      "test",
      "plan (staging)",
    ]);
    expect(ruleset.rules.pull_request.required_approving_review_count).toBe(1);
  });
});
