/**
 * rateLimitRuleset specifies the zone's `http_ratelimit` entry point: a per-IP (and per-colo) limit on each stage's
 * API hostname that spares the stage's health-check path, with stages of identical limits sharing one rule so the
 * zone plan's rule budget goes as far as it can (rateLimitGroups). The stages are the example stages as the zone
 * owner's stack maps them: development's override gets a rule of its own, staging and production share one.
 */
import { Ruleset } from "@cdktf/provider-cloudflare/lib/ruleset";
import { Testing } from "cdktf";
import { rateLimitGroups, rateLimitRuleset } from "../../../constructs/cloudflare/rate-limits";
import type { ZoneStage } from "../../../constructs/cloudflare/zone-stage";
import { STAGE_LIST } from "../../../environments";
import { zoneStage } from "../../../stacks/environment-stack";
import { resourcesOf, synthJson, ZONE_ID, zoneEntryPoint } from "../../support/construct-scope";

const stages = STAGE_LIST.map(zoneStage);
const out = Testing.synthScope((scope) => void rateLimitRuleset(scope, ZONE_ID, stages));
const rulesOf = (json: any): any[] => resourcesOf(json, "cloudflare_ruleset")[0].rules;

describe("rateLimitRuleset", () => {
  test("is the zone's http_ratelimit entry point", () => {
    expect(out).toHaveResourceWithProperties(Ruleset, zoneEntryPoint("http_ratelimit", "api rate limits"));
  });

  test("limits each API per IP: 100 per 60 s by default, development's 300 in its own rule, the health path exempt", () => {
    expect(rulesOf(JSON.parse(out)).map((r) => [r.ref, r.expression, r.action, r.ratelimit])).toEqual([
      [
        "api_rate_limit_development",
        '(http.host in {"api.dev.example.com"}) and (http.request.uri.path ne "/health")',
        "block",
        { characteristics: ["cf.colo.id", "ip.src"], period: 60, requests_per_period: 300, mitigation_timeout: 60 },
      ],
      [
        "api_rate_limit_staging_production",
        '(http.host in {"api.staging.example.com" "api.example.com"}) and (http.request.uri.path ne "/health")',
        "block",
        { characteristics: ["cf.colo.id", "ip.src"], period: 60, requests_per_period: 100, mitigation_timeout: 60 },
      ],
    ]);
  });

  test("describes each rule by its limit and the stages it covers", () => {
    expect(rulesOf(JSON.parse(out)).map((r) => r.description)).toEqual([
      "API rate limit: 300 per 60s per IP (development)",
      "API rate limit: 100 per 60s per IP (staging, production)",
    ]);
  });

  test("exempts the health path of every stage in a shared rule, once each", () => {
    const healthz: ZoneStage = { ...stages[1], name: "qa", apiHostname: "api.qa.example.com", healthPath: "/healthz" };
    const json = synthJson((scope) => void rateLimitRuleset(scope, ZONE_ID, [stages[1], stages[2], healthz]));
    expect(rulesOf(json).map((r) => r.expression)).toEqual([
      '(http.host in {"api.staging.example.com" "api.example.com" "api.qa.example.com"}) and (http.request.uri.path ne "/health") and (http.request.uri.path ne "/healthz")',
    ]);
  });
});

describe("rateLimitGroups", () => {
  test("groups stages with identical limits, in the order the stages come", () => {
    expect(rateLimitGroups(stages).map((g) => [g.stages.map((s) => s.name), g.limit.requestsPerPeriod])).toEqual([
      [["development"], 300],
      [["staging", "production"], 100],
    ]);
  });
});
