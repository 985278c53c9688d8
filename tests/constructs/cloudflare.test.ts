/**
 * Cloudflare edge: DNS per stage, zone settings and one ruleset per phase owned by production with exact
 * expressions and values for every stage on the zone, health checks with alerts, and plan-aware validation.
 */
import { Testing } from "cdktf";
import { getStage, parseStage, STAGES } from "../../environments";
import { ApiHealthCheck } from "../../constructs/cloudflare/api-health-check";
import { EDGE_CUSTOM_RULES_PER_ZONE } from "../../environments/zone-plans";
import { synthStage } from "../support/synth";

const all = (json: any, type: string) => Object.values<any>(json.resource?.[type] ?? {});
const prod = synthStage("production");
const ruleset = (phase: string) => all(prod, "cloudflare_ruleset").find((r) => r.phase === phase);
const ZONE = "00000000000000000000000000000000";

describe("DNS", () => {
  test("production: apex A to Vercel, www CNAME to Vercel, API CNAME to the Fly app, proxied, with owner comments", () => {
    const records = all(prod, "cloudflare_dns_record")
      .filter((r) => r.type !== "CAA")
      .map((r) => [r.name, r.type, r.content, r.proxied, r.ttl]);
    expect(records.sort()).toEqual([
      ["api.example.com", "CNAME", "acme-api.fly.dev", true, 1],
      ["example.com", "A", "76.76.21.21", true, 1],
      ["www.example.com", "CNAME", "cname.vercel-dns.com", true, 1],
    ]);
    for (const r of all(prod, "cloudflare_dns_record"))
      expect(r.comment).toMatch(/managed by platform-infra \(production\/(dns|zone-edge)\)/);
  });

  test("staging and development: their own hostnames only", () => {
    const names = (stage: "staging" | "development") =>
      all(synthStage(stage), "cloudflare_dns_record")
        .map((r) => [r.name, r.content])
        .sort();
    expect(names("staging")).toEqual([
      ["api.staging.example.com", "acme-api-staging.fly.dev"],
      ["staging.example.com", "cname.vercel-dns.com"],
    ]);
    expect(names("development")).toEqual([
      ["api.dev.example.com", "acme-api-dev.fly.dev"],
      ["dev.example.com", "cname.vercel-dns.com"],
    ]);
  });

  test("CAA records at the apex allow the CAs Vercel, Fly.io and Cloudflare use", () => {
    expect(
      all(prod, "cloudflare_dns_record")
        .filter((r) => r.type === "CAA")
        .map((r) => [r.name, r.data]),
    ).toEqual([
      ["example.com", { flags: 0, tag: "issue", value: "letsencrypt.org" }],
      ["example.com", { flags: 0, tag: "issue", value: "pki.goog" }],
      ["example.com", { flags: 0, tag: "issue", value: "ssl.com" }],
    ]);
  });
});

describe("zone settings (owned by production, the zone's owner)", () => {
  test("SSL full (strict), TLS >= 1.2, HTTPS only, HTTPS rewrites, HTTP/3, Brotli, 0-RTT off", () => {
    expect(
      all(prod, "cloudflare_zone_setting")
        .map((s) => [s.setting_id, s.value, s.zone_id])
        .sort(),
    ).toEqual([
      ["0rtt", "off", ZONE],
      ["always_use_https", "on", ZONE],
      ["automatic_https_rewrites", "on", ZONE],
      ["brotli", "on", ZONE],
      ["http3", "on", ZONE],
      ["min_tls_version", "1.2", ZONE],
      ["ssl", "strict", ZONE],
    ]);
  });

  test("staging and development do not manage zone-wide resources", () => {
    for (const stage of ["staging", "development"] as const) {
      const json = synthStage(stage);
      expect(json.resource.cloudflare_zone_setting).toBeUndefined();
      expect(json.resource.cloudflare_ruleset).toBeUndefined();
    }
  });
});

describe("rulesets, one entry point per phase", () => {
  test("exactly one ruleset per phase", () => {
    expect(
      all(prod, "cloudflare_ruleset")
        .map((r) => [r.phase, r.kind])
        .sort(),
    ).toEqual([
      ["http_ratelimit", "zone"],
      ["http_request_cache_settings", "zone"],
      ["http_request_firewall_custom", "zone"],
      ["http_response_headers_transform", "zone"],
    ]);
  });

  test("security headers per stage: HSTS with preload only in production, CSP from config, the fixed set, X-Powered-By removed", () => {
    const rules = ruleset("http_response_headers_transform").rules;
    expect(rules.map((r: any) => [r.ref, r.expression])).toEqual([
      ["security_headers_development", '(http.host in {"dev.example.com" "api.dev.example.com"})'],
      ["security_headers_staging", '(http.host in {"staging.example.com" "api.staging.example.com"})'],
      ["security_headers_production", '(http.host in {"example.com" "www.example.com" "api.example.com"})'],
    ]);
    const production = rules[2].action_parameters.headers;
    expect(production).toEqual({
      "Strict-Transport-Security": { operation: "set", value: "max-age=31536000; includeSubDomains; preload" },
      "Content-Security-Policy": { operation: "set", value: getStage("production").security.contentSecurityPolicy },
      "X-Frame-Options": { operation: "set", value: "DENY" },
      "X-Content-Type-Options": { operation: "set", value: "nosniff" },
      "Referrer-Policy": { operation: "set", value: "strict-origin-when-cross-origin" },
      "Permissions-Policy": { operation: "set", value: "camera=(), microphone=(), geolocation=(), payment=()" },
      "X-Powered-By": { operation: "remove" },
    });
    expect(rules[1].action_parameters.headers["Strict-Transport-Security"].value).toBe(
      "max-age=31536000; includeSubDomains",
    );
    const differing = Object.keys(production).filter(
      (h) => JSON.stringify(production[h]) !== JSON.stringify(rules[1].action_parameters.headers[h]),
    );
    expect(differing).toEqual(["Strict-Transport-Security"]);
  });

  test("cache: static assets one year at edge and browser; the API bypasses the cache, evaluated last so it wins", () => {
    const [statics, api] = ruleset("http_request_cache_settings").rules;
    expect(statics.expression).toBe(
      '(http.request.uri.path.extension in {"js" "css" "mjs" "map" "png" "jpg" "jpeg" "gif" "svg" "webp" "avif" "ico" "woff" "woff2" "ttf"} or starts_with(http.request.uri.path, "/_next/static/")) and not ((http.host in {"api.dev.example.com" "api.staging.example.com" "api.example.com"}) or starts_with(http.request.uri.path, "/api/"))',
    );
    expect(statics.action_parameters).toEqual({
      cache: true,
      edge_ttl: { mode: "override_origin", default: 31536000 },
      browser_ttl: { mode: "override_origin", default: 31536000 },
    });
    expect(api).toMatchObject({ ref: "api_bypass", action: "set_cache_settings", action_parameters: { cache: false } });
    expect(api.expression).toBe(
      '((http.host in {"api.dev.example.com" "api.staging.example.com" "api.example.com"}) or starts_with(http.request.uri.path, "/api/"))',
    );
  });

  test("rate limit: 100 per 60 s per IP on the API by default, the development override in its own rule, health path exempt", () => {
    expect(ruleset("http_ratelimit").rules.map((r: any) => [r.expression, r.action, r.ratelimit])).toEqual([
      [
        '(http.host in {"api.dev.example.com"}) and (http.request.uri.path ne "/health")',
        "block",
        { characteristics: ["cf.colo.id", "ip.src"], period: 60, requests_per_period: 300, mitigation_timeout: 60 },
      ],
      [
        '(http.host in {"api.staging.example.com" "api.example.com"}) and (http.request.uri.path ne "/health")',
        "block",
        { characteristics: ["cf.colo.id", "ip.src"], period: 60, requests_per_period: 100, mitigation_timeout: 60 },
      ],
    ]);
  });

  test("WAF: block probes of /.env, /.git, wp-admin and similar; challenge high threat scores; never the health path", () => {
    const [probes, threats] = ruleset("http_request_firewall_custom").rules;
    expect(probes.action).toBe("block");
    for (const p of ["/.env", "/.git", "/wp-admin", "/wp-login.php", "/phpmyadmin"])
      expect(probes.expression).toContain(`starts_with(lower(http.request.uri.path), "${p}")`);
    expect(threats).toMatchObject({
      action: "managed_challenge",
      expression: '(cf.threat_score gt 30) and not (http.request.uri.path in {"/health"})',
    });
    expect(probes.expression.endsWith('and not (http.request.uri.path in {"/health"})')).toBe(true);
  });
});

describe("health checks", () => {
  test("staging and production check GET /health on the API and alert the configured contacts", () => {
    const check = all(prod, "cloudflare_healthcheck")[0];
    expect(check).toMatchObject({
      address: "api.example.com",
      type: "HTTPS",
      http_config: { method: "GET", path: "/health", expected_codes: ["200"], port: 443 },
    });
    const policy = all(prod, "cloudflare_notification_policy")[0];
    expect(policy.alert_type).toBe("health_check_status_notification");
    expect(policy.filters.health_check_id).toEqual([expect.stringMatching(/^\$\{cloudflare_healthcheck\..*\.id\}$/)]);
    expect(policy.mechanisms.email).toEqual([{ id: "oncall@example.com" }]);
    expect(all(synthStage("staging"), "cloudflare_healthcheck")).toHaveLength(1);
    expect(all(synthStage("development"), "cloudflare_healthcheck")).toHaveLength(0);
  });

  test("a webhook destination is referenced by the id the sync recorded on its secret, never by its URL", () => {
    const policy = all(prod, "cloudflare_notification_policy")[0];
    const [[address, metadata]] = Object.entries(prod.data.aws_secretsmanager_secret) as [[string, any]];
    expect(policy.mechanisms.webhooks).toEqual([
      { id: `\${data.aws_secretsmanager_secret.${address}.tags["cloudflare-webhook-id"]}` },
    ]);
    expect(metadata.arn).toMatch(
      /^\$\{aws_secretsmanager_secret\.secrets_secret-incident-webhook-url_[0-9A-F]{8}\.arn\}$/,
    );
    expect(metadata.lifecycle.postcondition[0].error_message).toMatch(/run `infra secrets sync-cloudflare <stage>`/);
    expect(prod.resource.cloudflare_notification_policy_webhooks).toBeUndefined();
    expect(JSON.stringify(prod)).not.toContain("hooks.example.com");
  });

  test("before the consumers are wired (a new stage) the policy notifies email only", () => {
    const policy = all(synthStage("production", { wireSecretConsumers: false }), "cloudflare_notification_policy")[0];
    expect(policy.mechanisms).toEqual({ email: [{ id: "oncall@example.com" }], webhooks: [] });
  });

  test("ApiHealthCheck throws without any contact", () => {
    expect(() =>
      Testing.synthScope(
        (scope) =>
          void new ApiHealthCheck(scope, "h", {
            accountId: ZONE,
            zoneId: ZONE,
            name: "acme-x",
            hostname: "api.example.com",
            emails: [],
          }),
      ),
    ).toThrow(/ApiHealthCheck acme-x: no email or webhook to notify/);
  });
});

describe("invalid edge config is rejected with the field's path", () => {
  const copy = (): any => structuredClone(STAGES.production);

  test("throws on a rate limit of 0", () => {
    const cfg = copy();
    cfg.security.apiRateLimit.requestsPerPeriod = 0;
    expect(() => parseStage(cfg)).toThrow(
      /production\.security\.apiRateLimit\.requestsPerPeriod: 0 must be greater than 0/,
    );
  });

  test("throws on a negative cache TTL", () => {
    const cfg = copy();
    cfg.cloudflare.staticAssetTtlSeconds = -60;
    expect(() => parseStage(cfg)).toThrow(
      /production\.cloudflare\.staticAssetTtlSeconds: -60 must be a positive number of seconds/,
    );
  });

  test.each([
    ["a newline", "default-src 'self';\nscript-src 'self'", /contains a newline/],
    ["a double quote", 'default-src "self"', /double quote/],
    ["an unbalanced quote", "default-src 'self", /unbalanced single quote/],
  ])("throws on a CSP with %s", (_, csp, pattern) => {
    const cfg = copy();
    cfg.security.contentSecurityPolicy = csp;
    expect(() => parseStage(cfg)).toThrow(
      new RegExp(`production\\.security\\.contentSecurityPolicy: .*${pattern.source}`),
    );
  });

  test("throws on a period the zone plan does not allow, naming the plan", () => {
    const cfg = copy();
    cfg.security.apiRateLimit.periodSeconds = 120;
    expect(() => parseStage(cfg)).toThrow(
      /production\.security\.apiRateLimit\.periodSeconds: 120 is not allowed on the Cloudflare pro plan; use one of 10, 60 seconds/,
    );
  });

  test("throws on a Free zone for a tier that gets health checks", () => {
    const stage = structuredClone(STAGES.staging) as any;
    stage.cloudflare.zonePlan = "free";
    stage.security.apiRateLimit.periodSeconds = 10;
    expect(() => parseStage(stage)).toThrow(
      /staging\.cloudflare\.zonePlan: "free" has no health checks, which a staging stage's API gets/,
    );
  });
});

test("the zone-wide edge declares as many custom WAF rules as the zone budget check counts", () => {
  expect(ruleset("http_request_firewall_custom").rules).toHaveLength(EDGE_CUSTOM_RULES_PER_ZONE);
});
