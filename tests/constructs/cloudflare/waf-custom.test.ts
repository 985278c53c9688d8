/**
 * customWafRuleset specifies the zone's `http_request_firewall_custom` entry point: block probes for dotfiles, VCS
 * metadata, admin panels and any `.php` path; a managed challenge for threat scores above 30; neither ever on a
 * stage's health-check path. Its rule count is what the zone budget check across stages counts
 * (EDGE_CUSTOM_RULES_PER_ZONE). The stages are the example stages as the zone owner's stack maps them.
 */
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { Testing } from "cdktf";
import { customWafRuleset } from "../../../constructs/cloudflare/waf-custom";
import { STAGE_LIST } from "../../../environments";
import { EDGE_CUSTOM_RULES_PER_ZONE } from "../../../environments/zone-plans";
import { zoneStage } from "../../../stacks/environment-stack";
import { resourcesOf, synthJson, ZONE_ID, zoneEntryPoint } from "../../support/construct-scope";

const stages = STAGE_LIST.map(zoneStage);
const out = Testing.synthScope((scope) => void customWafRuleset(scope, ZONE_ID, stages));
const rules: any[] = resourcesOf(JSON.parse(out), "cloudflare_ruleset")[0].rules;
const [probes, threats] = rules;
const probe = (path: string) => `starts_with(lower(http.request.uri.path), "${path}")`;

describe("customWafRuleset", () => {
  test("is the zone's http_request_firewall_custom entry point", () => {
    expect(out).toHaveResourceWithProperties(
      Ruleset,
      zoneEntryPoint("http_request_firewall_custom", "custom WAF rules"),
    );
  });

  test("blocks probes of dotfiles, VCS metadata, admin panels and .php paths, never the health path", () => {
    expect(probes).toMatchObject({ ref: "block_probes", action: "block", enabled: true });
    const paths = [
      "/.env",
      "/.git",
      "/wp-admin",
      "/wp-login.php",
      "/xmlrpc.php",
      "/phpmyadmin",
      "/.aws",
      "/.ssh",
      "/server-status",
      "/.ds_store",
    ];
    expect(probes.expression).toBe(
      `(${paths.map(probe).join(" or ")} or ends_with(lower(http.request.uri.path), ".php")) and not (http.request.uri.path in {"/health"})`,
    );
  });

  // It once compared a lower()ed path with "/.DS_Store", which has capitals: that probe was never blocked.
  test("blocks each probe path whatever its case (every literal compared with a lower()ed path is lowercase)", () => {
    const literals = [...String(probes.expression).matchAll(/lower\(http\.request\.uri\.path\), "([^"]+)"\)/g)].map(
      (m) => m[1],
    );
    expect(literals.filter((l) => l !== l.toLowerCase())).toEqual([]);
  });

  test("challenges threat scores above 30, never on the health path", () => {
    expect(threats).toMatchObject({
      ref: "challenge_threats",
      action: "managed_challenge",
      enabled: true,
      expression: '(cf.threat_score gt 30) and not (http.request.uri.path in {"/health"})',
    });
  });

  test("spares every stage's health path, each once", () => {
    const json = synthJson(
      (scope) =>
        void customWafRuleset(scope, ZONE_ID, [...stages, { ...stages[0], name: "qa", healthPath: "/healthz" }]),
    );
    const [, challenge] = resourcesOf(json, "cloudflare_ruleset")[0].rules;
    expect(challenge.expression).toBe(
      '(cf.threat_score gt 30) and not (http.request.uri.path in {"/health" "/healthz"})',
    );
  });

  test("declares as many rules as the zone budget check counts", () => {
    expect(rules).toHaveLength(EDGE_CUSTOM_RULES_PER_ZONE);
  });
});
