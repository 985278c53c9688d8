/**
 * securityHeadersRuleset specifies the zone's `http_response_headers_transform` entry point: one rule per stage on
 * the zone, matched by that stage's frontend hosts and API hostname, setting HSTS (one year, subdomains, preload only
 * where the stage asks for it), the stage's CSP and Permissions-Policy, the fixed framing, sniffing and referrer
 * headers, and removing X-Powered-By. The stages are the example stages as the zone owner's stack maps them.
 */
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { Testing } from "cdktf";
import { securityHeadersRuleset } from "../../../constructs/cloudflare/security-headers";
import { getStage, STAGE_LIST } from "../../../environments";
import { zoneStage } from "../../../stacks/environment-stack";
import { resourcesOf, ZONE_ID, zoneEntryPoint } from "../../support/construct-scope";

const out = Testing.synthScope((scope) => void securityHeadersRuleset(scope, ZONE_ID, STAGE_LIST.map(zoneStage)));
const rules: any[] = resourcesOf(JSON.parse(out), "cloudflare_ruleset")[0].rules;
const headersOf = (ref: string) => rules.find((r) => r.ref === ref).action_parameters.headers;

describe("securityHeadersRuleset", () => {
  test("is the zone's http_response_headers_transform entry point", () => {
    expect(out).toHaveResourceWithProperties(
      Ruleset,
      zoneEntryPoint("http_response_headers_transform", "security headers"),
    );
  });

  test("has one rewrite rule per stage, matching its frontend hosts and API hostname", () => {
    expect(rules.map((r) => [r.ref, r.expression, r.action, r.enabled])).toEqual([
      ["security_headers_development", '(http.host in {"dev.example.com" "api.dev.example.com"})', "rewrite", true],
      ["security_headers_staging", '(http.host in {"staging.example.com" "api.staging.example.com"})', "rewrite", true],
      [
        "security_headers_production",
        '(http.host in {"example.com" "www.example.com" "api.example.com"})',
        "rewrite",
        true,
      ],
    ]);
  });

  test("sets production's HSTS with preload, its CSP and Permissions-Policy, the fixed set, and removes X-Powered-By", () => {
    expect(headersOf("security_headers_production")).toEqual({
      "Strict-Transport-Security": { operation: "set", value: "max-age=31536000; includeSubDomains; preload" },
      "Content-Security-Policy": { operation: "set", value: getStage("production").security.contentSecurityPolicy },
      "X-Frame-Options": { operation: "set", value: "DENY" },
      "X-Content-Type-Options": { operation: "set", value: "nosniff" },
      "Referrer-Policy": { operation: "set", value: "strict-origin-when-cross-origin" },
      "Permissions-Policy": { operation: "set", value: "camera=(), microphone=(), geolocation=(), payment=()" },
      "X-Powered-By": { operation: "remove" },
    });
  });

  test("sets a stage that does not ask for preload the same headers but HSTS without preload", () => {
    const production = headersOf("security_headers_production");
    const staging = headersOf("security_headers_staging");
    expect(staging["Strict-Transport-Security"].value).toBe("max-age=31536000; includeSubDomains");
    const differing = Object.keys(production).filter(
      (h) => JSON.stringify(production[h]) !== JSON.stringify(staging[h]),
    );
    expect(differing).toEqual(["Strict-Transport-Security"]);
  });
});
