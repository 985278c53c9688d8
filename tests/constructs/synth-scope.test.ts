/**
 * Constructs synthesized alone (`Testing.synthScope`), from their own flat props, checked with the cdktf matchers:
 * each construct stands without a stage config or a whole stack, and its props mean what their docs say.
 */
import { Testing } from "cdktf";

describe("VercelApp alone", () => {
  const { VercelApp } =
    require("../../constructs/vercel/vercel-app") as typeof import("../../constructs/vercel/vercel-app");
  const out = () =>
    JSON.parse(
      Testing.synthScope((scope) => {
        new VercelApp(scope, "web", {
          teamId: "team_000000000000000000000000",
          projectName: "acme-web",
          framework: "nextjs",
          nodeVersion: "22.x",
          repository: "example-org/acme-platform",
          productionBranch: "main",
          domains: ["example.com", "www.example.com"],
          apexDomain: "example.com",
          envSource: "a test",
        });
      }),
    ) as { resource: Record<string, Record<string, Record<string, any>>> };

  test("www redirects (308) through a reference to the apex resource, so the apex is created first", () => {
    const domains = out().resource.vercel_project_domain;
    const [apexId] = Object.entries(domains).find(([, d]) => d.domain === "example.com")!;
    const www = Object.values(domains).find((d) => d.domain === "www.example.com")!;
    expect(www.redirect).toBe(`\${vercel_project_domain.${apexId}.domain}`);
    expect(www.redirect_status_code).toBe(308);
  });

  test("previews are protected by default; no firewall rule and no secret variable unless asked", () => {
    const json = out();
    expect(Object.values(json.resource.vercel_project)[0].vercel_authentication).toEqual({
      deployment_type: "standard_protection_new",
    });
    expect(json.resource.vercel_firewall_config).toBeUndefined();
    expect(json.resource.vercel_project_environment_variable).toBeUndefined();
  });
});
