/**
 * Risk notes, one rule each. AWS rules run on the real-plan fixture; Cloudflare and GitHub rules on hand-built
 * plan JSON in the documented format (those providers are not on this machine).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson } from "../../tools/plan/plan-json";
import { riskNotes } from "../../tools/plan/risks";
import { planWith, type BuiltChange } from "../support/plan-builder";

const notes = (changes: BuiltChange[]) =>
  riskNotes(planWith(changes).resource_changes!).map((n) => `${n.rule}: ${n.message}`);
const real = riskNotes(
  parsePlanJson(readFileSync(join(__dirname, "../fixtures/plans/mixed.json"), "utf8")).resource_changes!,
);

const ratelimit = (requests: number, period: number, extra: object = {}) => ({
  phase: "http_ratelimit",
  kind: "zone",
  name: "api rate limit",
  rules: [
    {
      ref: "api_rate_limit",
      description: "API rate limit",
      expression: 'starts_with(http.request.uri.path, "/api/")',
      action: "block",
      enabled: true,
      ratelimit: {
        characteristics: ["ip.src", "cf.colo.id"],
        period,
        requests_per_period: requests,
        mitigation_timeout: 60,
      },
      ...extra,
    },
  ],
});
const headers = (hsts: string, csp: string, extra: Record<string, object> = {}) => ({
  phase: "http_response_headers_transform",
  kind: "zone",
  rules: [
    {
      ref: "security_headers",
      action: "rewrite",
      expression: "true",
      enabled: true,
      action_parameters: {
        headers: {
          "Strict-Transport-Security": { operation: "set", value: hsts },
          "Content-Security-Policy": { operation: "set", value: csp },
          "X-Frame-Options": { operation: "set", value: "DENY" },
          ...extra,
        },
      },
    },
  ],
});
const cache = (apiCache: boolean) => ({
  phase: "http_request_cache_settings",
  kind: "zone",
  rules: [
    {
      ref: "api",
      expression: 'starts_with(http.request.uri.path, "/api/")',
      action: "set_cache_settings",
      enabled: true,
      action_parameters: { cache: apiCache },
    },
  ],
});
const update = (address: string, before: unknown, after: unknown): BuiltChange => ({
  address,
  actions: ["update"],
  before,
  after,
});

describe("rate limit raised or removed", () => {
  test("Noncompliance: raising the limit is noted with both rates", () => {
    expect(notes([update("cloudflare_ruleset.ratelimit", ratelimit(100, 60), ratelimit(1000, 60))])).toEqual([
      'rate-limit-weakened: rate limit "API rate limit" raised from 100 per 60s to 1000 per 60s',
    ]);
  });
  test("Noncompliance: removing the rule or disabling it is noted", () => {
    expect(
      notes([update("cloudflare_ruleset.ratelimit", ratelimit(100, 60), { ...ratelimit(100, 60), rules: [] })]),
    ).toEqual(['rate-limit-weakened: rate limit "API rate limit" is removed']);
    expect(
      notes([update("cloudflare_ruleset.ratelimit", ratelimit(100, 60), ratelimit(100, 60, { enabled: false }))]),
    ).toEqual(['rate-limit-weakened: rate limit "API rate limit" is disabled']);
  });
  test("Compliance: lowering the limit is not a risk", () => {
    expect(notes([update("cloudflare_ruleset.ratelimit", ratelimit(100, 60), ratelimit(50, 60))])).toEqual([]);
  });
});

describe("security header removed or weakened", () => {
  const strong = headers("max-age=31536000; includeSubDomains; preload", "default-src 'self'");
  test("Noncompliance: a header removed, HSTS shortened, CSP loosened", () => {
    const after = headers("max-age=300", "default-src 'self' 'unsafe-inline'");
    delete (after.rules[0].action_parameters.headers as Record<string, unknown>)["X-Frame-Options"];
    expect(notes([update("cloudflare_ruleset.headers", strong, after)])).toEqual([
      "security-header-weakened: HSTS max-age lowered from 31536000 to 300",
      "security-header-weakened: HSTS no longer covers subdomains",
      "security-header-weakened: Content-Security-Policy now allows 'unsafe-inline'",
      "security-header-weakened: security header x-frame-options is no longer set",
    ]);
  });
  test("Compliance: an unrelated header change is not a risk", () => {
    expect(
      notes([
        update(
          "cloudflare_ruleset.headers",
          strong,
          headers("max-age=31536000; includeSubDomains; preload", "default-src 'self'", {
            "X-Extra": { operation: "set", value: "1" },
          }),
        ),
      ]),
    ).toEqual([]);
  });
});

describe("caching turned on for the API path", () => {
  test("Noncompliance: cache on for /api", () => {
    expect(notes([update("cloudflare_ruleset.cache", cache(false), cache(true))])).toEqual([
      "api-caching-enabled: caching is turned on for API traffic (the /api path or the API host): responses may be served to the wrong user",
    ]);
  });
  test("Compliance: bypass stays bypass", () => {
    expect(notes([update("cloudflare_ruleset.cache", cache(false), cache(false))])).toEqual([]);
  });
});

describe("apex or API DNS target changed", () => {
  const record = (name: string, content: string) => ({ name, type: "CNAME", content, proxied: true });
  test("Noncompliance: the API record points elsewhere", () => {
    expect(
      notes([
        update(
          "cloudflare_dns_record.api",
          record("api.example.com", "acme-api.fly.dev"),
          record("api.example.com", "evil.example.net"),
        ),
      ]),
    ).toEqual(["dns-target-changed: DNS target of api.example.com changes from acme-api.fly.dev to evil.example.net"]);
  });
  test("Noncompliance: the apex record is deleted", () => {
    expect(
      notes([
        {
          address: "cloudflare_dns_record.apex",
          actions: ["delete"],
          before: record("example.com", "76.76.21.21"),
          after: null,
        },
      ]),
    ).toEqual(["dns-target-changed: DNS record example.com (CNAME) is removed"]);
  });
  test("Compliance: another record's target may change", () => {
    expect(
      notes([
        update(
          "cloudflare_dns_record.blog",
          record("blog.example.com", "a.example.net"),
          record("blog.example.com", "b.example.net"),
        ),
      ]),
    ).toEqual([]);
  });
});

describe("minimum TLS lowered", () => {
  const tls = (value: string) => ({ setting_id: "min_tls_version", value, zone_id: "0".repeat(32) });
  test("Noncompliance: 1.2 to 1.0", () => {
    expect(notes([update("cloudflare_zone_setting.min_tls", tls("1.2"), tls("1.0"))])).toEqual([
      "min-tls-lowered: minimum TLS version lowered from 1.2 to 1.0",
    ]);
  });
  test("Compliance: 1.2 to 1.3", () => {
    expect(notes([update("cloudflare_zone_setting.min_tls", tls("1.2"), tls("1.3"))])).toEqual([]);
  });
});

describe("a secret's KMS key changed (real plan)", () => {
  test("Noncompliance: noted for the updated secret only, not for a replaced one", () => {
    expect(real.filter((n) => n.rule === "secret-kms-key-changed").map((n) => n.address)).toEqual([
      "aws_secretsmanager_secret.api",
    ]);
  });
});

describe("a GitHub environment losing reviewers or branch policy", () => {
  const env = (teams: number[], policy: object[] | undefined, selfReview = true) => ({
    environment: "production",
    repository: "acme-platform",
    prevent_self_review: selfReview,
    reviewers: [{ teams, users: [] }],
    ...(policy ? { deployment_branch_policy: policy } : { deployment_branch_policy: [] }),
  });
  const protectedOnly = [{ protected_branches: true, custom_branch_policies: false }];
  test("Noncompliance: reviewers dropped, branch policy removed, self-review allowed", () => {
    expect(
      notes([
        update("github_repository_environment.production", env([1, 2], protectedOnly), env([1], undefined, false)),
      ]),
    ).toEqual([
      "github-environment-protection-reduced: GitHub environment production loses required reviewers (2 → 1)",
      "github-environment-protection-reduced: GitHub environment production loses its deployment branch policy: any branch could deploy",
      "github-environment-protection-reduced: GitHub environment production allows self-review again",
    ]);
  });
  test("Compliance: adding a reviewer is not a risk", () => {
    expect(
      notes([update("github_repository_environment.production", env([1], protectedOnly), env([1, 2], protectedOnly))]),
    ).toEqual([]);
  });
});

describe("an IAM trust policy widened (real plan)", () => {
  test("Noncompliance: StringEquals on one environment became StringLike repo:example-org/*", () => {
    const widened = real.filter((n) => n.rule === "iam-trust-widened");
    expect(widened.map((n) => n.address)).toEqual(["aws_iam_role.deployer"]);
    expect(widened[0].message).toMatch(/now admits token\.actions\.githubusercontent\.com:sub = repo:example-org\/\*/);
  });
  test("Compliance: narrowing a trust policy is not a risk", () => {
    const policy = (sub: string[]) =>
      JSON.stringify({
        Statement: [
          {
            Effect: "Allow",
            Principal: { Federated: "arn:x" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { "k:sub": sub } },
          },
        ],
      });
    expect(
      notes([
        update(
          "aws_iam_role.r",
          { name: "r", assume_role_policy: policy(["a", "b"]) },
          { name: "r", assume_role_policy: policy(["a"]) },
        ),
      ]),
    ).toEqual([]);
  });
  test("Noncompliance: a new principal is trusted", () => {
    const policy = (principal: string) =>
      JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }] });
    expect(
      notes([
        update(
          "aws_iam_role.r",
          { name: "r", assume_role_policy: policy("arn:aws:iam::000000000000:root") },
          { name: "r", assume_role_policy: policy("*") },
        ),
      ]),
    ).toEqual(["iam-trust-widened: role r can now be assumed by any principal"]);
  });
});

describe("an IAM trust policy widened: conditions", () => {
  const policy = (condition: object) =>
    JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: "arn:x" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: condition,
        },
      ],
    });
  const change = (b: object, a: object) =>
    update(
      "aws_iam_role.r",
      { name: "r", assume_role_policy: policy(b) },
      { name: "r", assume_role_policy: policy(a) },
    );
  test("Noncompliance: dropping a condition key widens", () => {
    expect(
      notes([
        change(
          { StringEquals: { "k:aud": "sts", "k:sub": "repo:o/r:environment:production" } },
          { StringEquals: { "k:aud": "sts" } },
        ),
      ]),
    ).toEqual([
      "iam-trust-widened: trust policy of role r is widened for Federated:arn:x: condition StringEquals k:sub removed",
    ]);
  });
  test("Noncompliance: adding a value widens", () => {
    expect(notes([change({ StringEquals: { "k:sub": "a" } }, { StringEquals: { "k:sub": ["a", "b"] } })])).toEqual([
      "iam-trust-widened: trust policy of role r is widened for Federated:arn:x: now admits k:sub = b",
    ]);
  });
});
