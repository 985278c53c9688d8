/**
 * Stage config validation: every class of bad input is rejected with a message that names the field by its
 * dotted path, shows the value and says the fix; valid stages load.
 */
import { parseStage, STAGES, StageConfigError, getStage, type StageConfig } from "../../environments";
import { FAKE } from "../fixtures/fake-credentials";

type Mutable = Record<string, any>;

/** A deep copy of production to break one field of. */
function production(): Mutable {
  return structuredClone(STAGES.production);
}

function issuesOf(input: unknown): StageConfigError["issues"] {
  try {
    parseStage(input);
  } catch (error) {
    expect(error).toBeInstanceOf(StageConfigError);
    return (error as StageConfigError).issues;
  }
  throw new Error("expected parseStage to reject the input");
}

/** Asserts the input is rejected with an issue at `path` whose message matches `message`. */
function expectRejected(input: unknown, path: string, message: RegExp): void {
  const issues = issuesOf(input);
  const atPath = issues.filter((i) => i.path === path);
  expect(atPath.map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  let thrown: Error | undefined;
  try {
    parseStage(input);
  } catch (e) {
    thrown = e as Error;
  }
  expect(thrown?.message).toContain(`.${path}:`);
}

describe("valid stages", () => {
  test.each(["development", "staging", "production"])("%s loads and round-trips through parseStage", (name) => {
    const stage = getStage(name);
    expect(stage.name).toBe(name);
    expect(parseStage(structuredClone(stage))).toEqual(stage);
  });

  test("throws for an unknown stage name and lists the valid ones", () => {
    expect(() => getStage("prod")).toThrow(/unknown stage "prod"; valid stages are development, staging, production/);
  });
});

describe("bad input classes", () => {
  test("throws when the input is not an object", () => {
    expect(issuesOf("production")[0]).toMatchObject({
      path: "(root)",
      message: expect.stringMatching(/expected object/),
    });
  });

  test("throws when a required field is missing", () => {
    const cfg = production();
    delete cfg.aws.region;
    expectRejected(cfg, "aws.region", /is missing; add it/);
  });

  test("throws on an unknown key (a typo) and names it", () => {
    const cfg = production();
    cfg.fly.vm.memoryMB = 512;
    expectRejected(cfg, "fly.vm.memoryMB", /unknown key "memoryMB"; remove it or fix the spelling/);
  });

  test("throws on a value of the wrong type and shows it", () => {
    const cfg = production();
    cfg.fly.vm.cpus = "4";
    expectRejected(cfg, "fly.vm.cpus", /"4" has the wrong type \(string\); expected number/);
  });

  test("throws on a stage name that cannot name a stack, a role and a GitHub environment", () => {
    const cfg = production();
    cfg.name = "Prod_EU";
    expectRejected(cfg, "name", /"Prod_EU" is not a stage name; use 1-24 lowercase letters, digits and hyphens/);
  });

  test("throws when the app name is not DNS-safe", () => {
    const cfg = production();
    cfg.app = "Acme_App";
    expectRejected(cfg, "app", /"Acme_App" is not DNS-safe; use 1-30 lowercase letters/);
  });

  test("throws when the AWS account id is not 12 digits", () => {
    const cfg = production();
    cfg.aws.accountId = "12345678901";
    expectRejected(cfg, "aws.accountId", /"12345678901" is not an AWS account id; it is exactly 12 digits/);
  });

  test("throws on a malformed AWS region", () => {
    const cfg = production();
    cfg.aws.region = "europe";
    expectRejected(
      cfg,
      "aws.region",
      /"europe" is not an AWS region \(checked against the AWS SDK's region list\); use one like eu-west-1/,
    );
  });

  test("throws on a malformed Cloudflare zone id", () => {
    const cfg = production();
    cfg.cloudflare.zoneId = "my-zone";
    expectRejected(cfg, "cloudflare.zoneId", /"my-zone" is not a Cloudflare zone id; it is 32 lowercase hex/);
  });

  test("throws on an unknown zone plan", () => {
    const cfg = production();
    cfg.cloudflare.zonePlan = "premium";
    expectRejected(
      cfg,
      "cloudflare.zonePlan",
      /"premium" is not a zone plan; use one of free, pro, business, enterprise/,
    );
  });

  test("throws when a frontend domain is not under the zone", () => {
    const cfg = production();
    cfg.vercel.domains = ["example.com", "www.example.org"];
    expectRejected(cfg, "vercel.domains.1", /"www.example.org" is not under the Cloudflare zone example.com/);
  });

  test("throws when the API hostname is not under the zone", () => {
    const cfg = production();
    cfg.cloudflare.apiHostname = "api.example.net";
    expectRejected(cfg, "cloudflare.apiHostname", /"api.example.net" is not a subdomain of the zone example.com/);
  });

  test("throws when the rate limit is 0", () => {
    const cfg = production();
    cfg.security.apiRateLimit.requestsPerPeriod = 0;
    expectRejected(cfg, "security.apiRateLimit.requestsPerPeriod", /0 must be greater than 0/);
  });

  test("throws when the rate-limit period is not allowed by the zone plan, naming the plan", () => {
    const cfg = production();
    cfg.security.apiRateLimit.periodSeconds = 120;
    expectRejected(
      cfg,
      "security.apiRateLimit.periodSeconds",
      /^120 is not allowed on the Cloudflare pro plan; use one of 10, 60 seconds/,
    );
    cfg.security.apiRateLimit.periodSeconds = 60;
    cfg.cloudflare.zonePlan = "free";
    expectRejected(
      cfg,
      "security.apiRateLimit.periodSeconds",
      /60 is not allowed on the Cloudflare free plan; use one of 10 seconds/,
    );
  });

  test("throws on a Free zone for a tier that gets health checks", () => {
    const cfg = structuredClone(STAGES.staging) as Mutable;
    cfg.cloudflare.zonePlan = "free";
    cfg.security.apiRateLimit.periodSeconds = 10;
    expectRejected(cfg, "cloudflare.zonePlan", /^"free" has no health checks, which a staging stage's API gets/);
  });

  test("throws on a negative static-asset cache lifetime", () => {
    const cfg = production();
    cfg.cloudflare.staticAssetTtlSeconds = -60;
    expectRejected(cfg, "cloudflare.staticAssetTtlSeconds", /^-60 must be a positive number of seconds/);
  });

  test("throws when a production-tier stage has no reviewer", () => {
    const cfg = production();
    cfg.github.reviewers = { users: [], teams: [] };
    expectRejected(
      cfg,
      "github.reviewers",
      /has no reviewer; a production stage's deployments need at least one required reviewer/,
    );
  });

  test("throws on an unknown tier", () => {
    const cfg = production();
    cfg.tier = "prod";
    expectRejected(cfg, "tier", /"prod" is not a tier; use one of development, staging, production/);
  });

  test("throws when HSTS preload is asked for on a tier that does not allow it (instead of dropping it silently)", () => {
    const cfg = structuredClone(STAGES.staging) as Mutable;
    cfg.security.hstsPreload = true;
    expectRejected(
      cfg,
      "security.hstsPreload",
      /true is not allowed on a staging stage: the preload list is for the production apex/,
    );
  });

  test("throws when a production-tier stage opens its pull-request plans", () => {
    const cfg = production();
    cfg.github.pullRequestPlans = "open";
    expectRejected(
      cfg,
      "github.pullRequestPlans",
      /"open" would let unreviewed pull-request code read this production stage's state and plan-time secrets/,
    );
  });

  test("throws when pull-request plans need approval but nobody may approve", () => {
    const cfg = structuredClone(STAGES.staging) as Mutable;
    cfg.github.pullRequestPlans = "approval";
    expectRejected(cfg, "github.reviewers", /has no reviewer, but pull-request plans of this stage need approval/);
  });

  test("throws on a reviewer id that is not a positive number", () => {
    const cfg = production();
    cfg.github.reviewers.teams = [-3];
    expectRejected(cfg, "github.reviewers.teams.0", /-3 must be a positive whole number/);
  });

  test("throws on a secret name outside ^[a-z0-9-]+$", () => {
    const cfg = production();
    cfg.secrets[0].name = "Database_URL";
    expectRejected(
      cfg,
      "secrets.0.name",
      /"Database_URL" is not a valid secret name; use lowercase letters, digits and hyphens/,
    );
  });

  test("throws on duplicate secret names", () => {
    const cfg = production();
    cfg.secrets[1].name = cfg.secrets[0].name;
    expectRejected(cfg, "secrets.1.name", /"database-url" duplicates secrets.0.name/);
  });

  test("throws on an unknown secret consumer", () => {
    const cfg = production();
    cfg.secrets[0].consumers = ["heroku"];
    expectRejected(
      cfg,
      "secrets.0.consumers.0",
      /"heroku" is not a consumer; use one of vercel, github, cloudflare, fly/,
    );
  });

  test("throws on a rotation period out of range", () => {
    const cfg = production();
    cfg.secrets[0].rotationDays = 0;
    expectRejected(cfg, "secrets.0.rotationDays", /0 must be at least 1 day/);
  });

  test("throws on an unknown Fly region, primary or extra", () => {
    const cfg = production();
    cfg.fly.extraRegions = ["xyz"];
    expectRejected(cfg, "fly.extraRegions.0", /"xyz" is not a Fly.io region; use one of ams, arn/);
    cfg.fly.primaryRegion = "zzz";
    expectRejected(cfg, "fly.primaryRegion", /^"zzz" is not a Fly.io region/);
  });

  test.each([3, 6, 32])("throws on %d CPUs, which Fly does not offer", (cpus) => {
    const cfg = production();
    cfg.fly.vm.cpus = cpus;
    expectRejected(cfg, "fly.vm.cpus", new RegExp(`^${cpus} is not offered for shared CPUs; use one of 1, 2, 4, 8`));
  });

  test("throws on 16 shared CPUs (16 is for performance CPUs only)", () => {
    const cfg = production();
    cfg.fly.vm = { cpuKind: "shared", cpus: 16, memoryMb: 4096 };
    expectRejected(cfg, "fly.vm.cpus", /^16 is not offered for shared CPUs; use one of 1, 2, 4, 8/);
  });

  test.each([1000, 1500])("throws on %d MB of memory, not a multiple of 256 MB", (memoryMb) => {
    const cfg = production();
    cfg.fly.vm.memoryMb = memoryMb;
    expectRejected(cfg, "fly.vm.memoryMb", new RegExp(`^${memoryMb} is not a multiple of 256 MB`));
  });

  test("throws on memory outside what the CPU kind allows, below or above", () => {
    const cfg = production();
    cfg.fly.vm.memoryMb = 9216;
    expectRejected(cfg, "fly.vm.memoryMb", /^9216 is outside what 4 shared CPU\(s\) allow; use 1024 to 8192 MB/);
    cfg.fly.vm = { cpuKind: "performance", cpus: 1, memoryMb: 512 };
    expectRejected(cfg, "fly.vm.memoryMb", /512 is outside what 1 performance CPU\(s\) allow; use 2048 to 8192 MB/);
  });

  test("throws on a bluegreen deploy without a health check", () => {
    const cfg = production();
    delete cfg.fly.healthCheck;
    expectRejected(
      cfg,
      "fly.healthCheck",
      /^missing but fly\.deploy\.strategy is bluegreen, which needs a health check/,
    );
  });

  test("throws when a production-tier stage may scale to zero machines", () => {
    const cfg = production();
    cfg.fly.http.minMachinesRunning = 0;
    expectRejected(
      cfg,
      "fly.http.minMachinesRunning",
      /0 is below 1, the least a production stage keeps running \(it would scale the API to zero\)/,
    );
  });

  test("throws on a CSP with a newline that breaks the header", () => {
    const cfg = production();
    cfg.security.contentSecurityPolicy = "default-src 'self';\nscript-src 'self'";
    expectRejected(cfg, "security.contentSecurityPolicy", /contains a newline, NUL or double quote/);
  });

  test("throws on a CSP with a double quote that would end the header value", () => {
    const cfg = production();
    cfg.security.contentSecurityPolicy = 'default-src "self"';
    expectRejected(cfg, "security.contentSecurityPolicy", /contains a newline, NUL or double quote/);
  });

  test("throws on a CSP with an unbalanced quote", () => {
    const cfg = production();
    cfg.security.contentSecurityPolicy = "default-src 'self; img-src 'self'";
    expectRejected(cfg, "security.contentSecurityPolicy", /unbalanced single quote/);
  });

  test("throws on an invalid alert email", () => {
    const cfg = production();
    cfg.alerts.emails = ["oncall-at-example.com"];
    expectRejected(cfg, "alerts.emails.0", /"oncall-at-example.com" is not an email address/);
  });

  test("throws on a webhook given by URL: the URL is a credential and belongs in Secrets Manager", () => {
    const cfg = production();
    cfg.alerts.webhooks = [{ name: "chat", url: "https://hooks.example.com/x" }];
    expectRejected(cfg, "alerts.webhooks.0.url", /unknown key "url"; remove it or fix the spelling/);
  });

  test("throws on a webhook whose secret is not in the catalogue, or is not consumed by Cloudflare", () => {
    const cfg = production();
    cfg.alerts.webhooks = [{ name: "chat", secret: "chat-webhook-url" }];
    expectRejected(
      cfg,
      "alerts.webhooks.0.secret",
      /"chat-webhook-url" is not in the secrets catalogue; add a secret of that name with consumers \["cloudflare"\]/,
    );
    cfg.alerts.webhooks = [{ name: "chat", secret: "database-url" }];
    expectRejected(
      cfg,
      "alerts.webhooks.0.secret",
      /"database-url" names a secret Cloudflare does not consume; add "cloudflare" to secrets.database-url.consumers/,
    );
  });

  test("throws on an environment variable name that is not UPPER_SNAKE_CASE", () => {
    const cfg = production();
    cfg.fly.env = { "log-level": "info" };
    expectRejected(cfg, "fly.env.log-level", /is not an environment variable name; use UPPER_SNAKE_CASE/);
  });

  test("throws when [env] sets a key the platform sets, such as AWS_ROLE_ARN", () => {
    const cfg = production();
    cfg.fly.env.AWS_ROLE_ARN = "arn:aws:iam::000000000000:role/admin";
    expectRejected(cfg, "fly.env.AWS_ROLE_ARN", /^".*" is set by the platform/);
  });

  test("throws when a plain env var shadows a catalogue secret", () => {
    const cfg = production();
    cfg.fly.env = { DATABASE_URL: "postgres://localhost/app" };
    expectRejected(cfg, "fly.env.DATABASE_URL", /is the name of a catalogue secret; remove it here/);
  });

  test("throws when a production-tier stage asks for secrets on previews", () => {
    const cfg = production();
    cfg.vercel.previewsGetSecrets = true;
    expectRejected(
      cfg,
      "vercel.previewsGetSecrets",
      /^true would give every pushed branch's preview build this production stage's secret values/,
    );
  });

  test("throws on a Vercel firewall rate limit of 0", () => {
    const cfg = production();
    cfg.vercel.apiRateLimit.requestsPerWindow = 0;
    expectRejected(cfg, "vercel.apiRateLimit.requestsPerWindow", /^0 must be greater than 0/);
  });

  test("throws on trusted IPs in production, which would lock users out", () => {
    const cfg = production();
    cfg.vercel.trustedIps = ["203.0.113.0/24"];
    expectRejected(cfg, "vercel.trustedIps", /^\["203\.0\.113\.0\/24"\] restricts a production stage/);
  });

  test("throws on a trusted IP that is not a CIDR", () => {
    const cfg = structuredClone(STAGES.staging) as Mutable;
    cfg.vercel.trustedIps = ["office"];
    expectRejected(cfg, "vercel.trustedIps.0", /^"office" is not a CIDR; write a network like 203\.0\.113\.0\/24/);
  });

  test("throws on a differsOnPurpose entry that names no config path", () => {
    const cfg = production();
    cfg.differsOnPurpose = { "fly.vmm": "machines sized for production traffic" };
    expectRejected(
      cfg,
      "differsOnPurpose.fly.vmm",
      /is not a path of this config; use a field or section as `infra parity` prints it, such as fly.vm/,
    );
  });

  test("throws on a differsOnPurpose reason too short to explain anything", () => {
    const cfg = production();
    cfg.differsOnPurpose = { "fly.vm": "bigger" };
    expectRejected(
      cfg,
      "differsOnPurpose.fly.vm",
      /is too short; say in at least 10 characters why this stage differs/,
    );
  });
});

describe("credential-shaped values are rejected anywhere in config, never echoed", () => {
  const cases: Array<[string, (cfg: Mutable, value: string) => void, string, string]> = [
    [
      "an AWS access key id",
      (cfg, v) => {
        cfg.fly.env.AWS_ACCESS_KEY_ID = v;
      },
      "fly.env.AWS_ACCESS_KEY_ID",
      FAKE.awsAccessKeyId,
    ],
    [
      "a GitHub token",
      (cfg, v) => {
        cfg.vercel.env.GH_TOKEN = v;
      },
      "vercel.env.GH_TOKEN",
      FAKE.githubToken,
    ],
    [
      "a JSON Web Token",
      (cfg, v) => {
        cfg.secrets[2].description = `service role ${v}`;
      },
      "secrets.2.description",
      FAKE.jwt,
    ],
    [
      "a private key",
      (cfg, v) => {
        cfg.fly.env.SIGNING_KEY = v;
      },
      "fly.env.SIGNING_KEY",
      FAKE.privateKey,
    ],
    [
      "a database connection string with a password",
      (cfg, v) => {
        cfg.fly.env.PRIMARY_DB = v;
      },
      "fly.env.PRIMARY_DB",
      FAKE.urlWithPassword,
    ],
    // Gaps that passed the hand-written scan before secretlint (issue 16).
    [
      "an AWS secret access key",
      (cfg, v) => {
        cfg.fly.env.VENDOR_VALUE = v;
      },
      "fly.env.VENDOR_VALUE",
      FAKE.awsSecretAccessKey,
    ],
    [
      "a Slack token or webhook",
      (cfg, v) => {
        cfg.fly.env.ALERTS = v;
      },
      "fly.env.ALERTS",
      FAKE.slackWebhook,
    ],
    [
      "a Discord webhook URL",
      (cfg, v) => {
        cfg.fly.env.ALERTS = v;
      },
      "fly.env.ALERTS",
      FAKE.discordWebhook,
    ],
    [
      "a hex API key",
      (cfg, v) => {
        cfg.secrets[5].description = `crm key ${v}`;
      },
      "secrets.5.description",
      FAKE.hexKey,
    ],
    [
      "a URL with a password",
      (cfg, v) => {
        cfg.vercel.env.HOOK = v;
      },
      "vercel.env.HOOK",
      FAKE.urlPasswordWithSlash,
    ],
    [
      "a long high-entropy string",
      (cfg, v) => {
        cfg.secrets[5].description = `crm key ${v}`;
      },
      "secrets.5.description",
      FAKE.highEntropy,
    ],
  ];

  test("throws on a credential-shaped env var *name* (keys are scanned too), naming where it is", () => {
    const cfg = production();
    cfg.fly.env[FAKE.awsAccessKeyId] = "1";
    let message = "";
    try {
      parseStage(cfg);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/production\.fly\.env: .*looks like an AWS access key id/);
    expect(message).not.toContain(FAKE.awsAccessKeyId);
  });

  test.each(cases)("throws on %s and withholds the value", (kind, put, path, value) => {
    const cfg = production();
    put(cfg, value);
    expectRejected(cfg, path, new RegExp(`\\(value withheld\\) looks like ${kind}`));
    let message = "";
    try {
      parseStage(cfg);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain(value);
  });

  test("does not flag 32-hex identifiers such as zone ids", () => {
    const cfg = production();
    cfg.cloudflare.zoneId = "0123456789abcdef0123456789abcdef";
    expect(() => parseStage(cfg)).not.toThrow();
  });
});

describe("reporting", () => {
  test("reports every bad field at once, schema and cross-field alike", () => {
    const cfg = production();
    cfg.app = "Bad App";
    cfg.fly.vm.memoryMb = 1000;
    cfg.fly.vm.cpus = 3;
    cfg.github.reviewers = { users: [], teams: [] };
    cfg.vercel.domains = ["other.org"];
    const paths = issuesOf(cfg).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(["app", "fly.vm.memoryMb", "fly.vm.cpus", "github.reviewers", "vercel.domains.0"]),
    );
  });

  test("the error message lists each issue prefixed by the stage", () => {
    const cfg = production();
    cfg.aws.accountId = "1";
    expect(() => parseStage(cfg)).toThrow(
      /stage "production" has 1 invalid field:\n {2}- production\.aws\.accountId: "1"/,
    );
  });

  test("a valid config yields a typed StageConfig", () => {
    const stage: StageConfig = parseStage(production());
    expect(stage.fly.vm).toEqual({ cpuKind: "shared", cpus: 4, memoryMb: 1024 });
  });
});

describe("closed validation gaps (each synthesized silently before)", () => {
  test("throws on an AWS region that does not exist, even when it looks like one", () => {
    const cfg = production();
    cfg.aws.region = "eu-west-9";
    expectRejected(cfg, "aws.region", /"eu-west-9" is not an AWS region \(checked against the AWS SDK's region list\)/);
  });

  test("throws on a default branch that is a pattern or not a branch name", () => {
    const cfg = production();
    cfg.github.defaultBranch = "*";
    expectRejected(cfg, "github.defaultBranch", /"\*" is a pattern, not a branch; name one branch, like main/);
    cfg.github.defaultBranch = "release..1";
    expectRejected(cfg, "github.defaultBranch", /"release\.\.1" is not a valid branch name \(git check-ref-format\)/);
  });

  test("throws on trusted IPs that admit everyone or have host bits set", () => {
    const cfg = structuredClone(STAGES.staging) as Mutable;
    cfg.vercel.trustedIps = ["0.0.0.0/0", "203.0.113.7/24", "::/0"];
    expectRejected(cfg, "vercel.trustedIps.0", /"0\.0\.0\.0\/0" admits every address/);
    expectRejected(
      cfg,
      "vercel.trustedIps.1",
      /"203\.0\.113\.7\/24" has host bits set; the network is 203\.0\.113\.0\/24/,
    );
    expectRejected(cfg, "vercel.trustedIps.2", /"::\/0" admits every address/);
  });

  test("throws on a health-check timeout that is not shorter than its interval", () => {
    const cfg = production();
    cfg.fly.healthCheck.timeoutSeconds = 20;
    expectRejected(cfg, "fly.healthCheck.timeoutSeconds", /20 is not shorter than intervalSeconds 15/);
  });

  test("throws on paths that leave the repository", () => {
    const cfg = production();
    cfg.vercel.rootDirectory = "../../etc";
    expectRejected(cfg, "vercel.rootDirectory", /"\.\.\/\.\.\/etc" leaves the repository/);
    cfg.fly.build = { dockerfile: "/etc/Dockerfile" };
    expectRejected(cfg, "fly.build.dockerfile", /"\/etc\/Dockerfile" is not a relative path/);
  });

  test("throws on a Fly image that is not pinned by digest, and accepts one that is", () => {
    const cfg = production();
    cfg.fly.build = { image: "registry.fly.io/acme-api:latest" };
    expectRejected(
      cfg,
      "fly.build.image",
      /"registry\.fly\.io\/acme-api:latest" is not pinned by digest; write registry\/name@sha256:<64 hex>/,
    );
    cfg.fly.build = { image: `registry.fly.io/acme-api:v12@sha256:${"a".repeat(64)}` };
    expect(parseStage(cfg).fly.build).toEqual(cfg.fly.build);
  });

  test("throws on a Vercel project name the provider refuses (1-52 lowercase letters, digits, hyphens)", () => {
    const cfg = production();
    cfg.vercel.projectName = "acme.web_site";
    expectRejected(
      cfg,
      "vercel.projectName",
      /"acme\.web_site" is not a Vercel project name; use 1-52 lowercase letters, digits and hyphens/,
    );
    cfg.vercel.projectName = "a".repeat(53);
    expectRejected(cfg, "vercel.projectName", /is not a Vercel project name/);
  });

  test("throws on a plain environment variable whose name says it holds a credential", () => {
    const cfg = production();
    cfg.fly.env.STRIPE_API_KEY = "configured-elsewhere";
    cfg.vercel.env.NEXT_PUBLIC_AUTH_TOKEN = "x";
    expectRejected(
      cfg,
      "fly.env.STRIPE_API_KEY",
      /is the name of a credential, and plain env holds no credentials; add a catalogue secret/,
    );
    expectRejected(cfg, "vercel.env.NEXT_PUBLIC_AUTH_TOKEN", /is the name of a credential/);
  });
});
