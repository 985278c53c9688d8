/**
 * The shape of one stage's configuration: the `StageConfig` type and its runtime schema, one source of truth.
 * Field-level rules live on the fields; rules that relate fields (domains under the zone, rate limit allowed by
 * the zone plan, production reviewers, Fly sizing) live in `rules.ts`. Every message says what is wrong
 * and how to fix it; `environments/index.ts` prefixes the path and the offending value.
 */
import { z } from "zod";
import { FLY_REGIONS } from "./fly-regions";
import { TIERS, type Tier } from "./tiers";
import {
  awsRegionProblem,
  branchNameProblem,
  cidrProblem,
  credentialNameProblem,
  repositoryPathProblem,
} from "./value-checks";
import { ZONE_PLANS } from "./zone-plans";

/** A string checked by one of value-checks.ts: the problem it finds becomes the issue's message. */
function checkedString(problem: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message) ctx.addIssue({ code: "custom", message, input: value });
  });
}

/** A stage's name: its file name in environments/stages/, its stack id, state key, GitHub environment and role suffix. */
export type StageName = string;
const STAGE_NAME = /^[a-z][a-z0-9-]{0,23}$/;

/**
 * Who reads a secret: Vercel (write-only env vars, read while planning and applying), GitHub (environment secrets
 * synced by `infra secrets sync-github`), Cloudflare (alert webhook destinations synced by
 * `infra secrets sync-cloudflare`) and Fly.io (machines, at run time).
 */
export const SECRET_CONSUMERS = ["vercel", "github", "cloudflare", "fly"] as const;
export type SecretConsumer = (typeof SECRET_CONSUMERS)[number];

const DNS_LABEL = /^[a-z](?:[a-z0-9-]{0,28}[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;

const positiveId = z.number().int().positive({ error: "must be a positive whole number (a numeric GitHub id)" });
const hostname = z.string().regex(HOSTNAME, { error: "is not a lowercase hostname; write it like app.example.com" });
const envVars = z.record(
  z
    .string()
    .regex(ENV_NAME, { error: "is not an environment variable name; use UPPER_SNAKE_CASE like API_BASE_URL" })
    .superRefine((name, ctx) => {
      const message = credentialNameProblem(name);
      if (message) ctx.addIssue({ code: "custom", message });
    }),
  z.string(),
);

const SecretSchema = z
  .object({
    /** Secret name; the Secrets Manager id is `<app>/<stage>/<name>`. */
    name: z.string().regex(/^[a-z0-9-]+$/, {
      error:
        "is not a valid secret name; use lowercase letters, digits and hyphens only (^[a-z0-9-]+$), e.g. database-url",
    }),
    description: z.string().min(1, { error: "is empty; say what the secret is for" }),
    consumers: z
      .array(z.enum(SECRET_CONSUMERS, { error: `is not a consumer; use one of ${SECRET_CONSUMERS.join(", ")}` }))
      .min(1, { error: `is empty; list who reads the secret (${SECRET_CONSUMERS.join(", ")})` }),
    rotationDays: z
      .number()
      .int({ error: "must be a whole number of days" })
      .min(1, { error: "must be at least 1 day" })
      .max(365, { error: "must be at most 365 days; rotate secrets at least yearly" }),
    /** Name of the environment variable consumers see. @default - the name in UPPER_SNAKE_CASE */
    envName: z
      .string()
      .regex(ENV_NAME, { error: "is not an environment variable name; use UPPER_SNAKE_CASE like DATABASE_URL" })
      .optional(),
  })
  .strict();

const GitHubSchema = z
  .object({
    owner: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, { error: "is not a GitHub owner name" }),
    repository: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, { error: "is not a GitHub repository name" }),
    /** The branch production deploys come from; one branch, never a pattern. */
    defaultBranch: checkedString(branchNameProblem),
    /** Who must approve a deployment to this stage (numeric user and team ids). */
    reviewers: z.object({ users: z.array(positiveId), teams: z.array(positiveId) }).strict(),
    /** @default 0 */
    waitTimerMinutes: z
      .number()
      .int()
      .min(0, { error: "must be 0 or more minutes" })
      .max(43200, { error: "must be at most 43200 minutes (30 days), GitHub's limit" }),
    /** Which branches may deploy: protected branches, only the default branch, or any branch. */
    deploymentBranches: z.enum(["protected", "default", "any"], {
      error: "must be one of protected, default, any",
    }),
    /**
     * How pull-request plans reach this stage's state and plan-time secrets: `open` (any same-repository pull
     * request) or `approval` (in the `<stage>-plan` environment, after a required reviewer approves the run).
     * @default - `approval` where the tier says pull-request plans need approval (production), else `open`
     */
    pullRequestPlans: z.enum(["open", "approval"], { error: "must be open or approval" }).optional(),
  })
  .strict();

const VercelSchema = z
  .object({
    teamId: z.string().regex(/^team_[A-Za-z0-9]+$/, { error: "is not a Vercel team id; it looks like team_xxxxxxxx" }),
    /** The provider's rule (resource_project.go at v5.10.0): 1-52 lowercase letters, digits and hyphens. */
    projectName: z.string().regex(/^[a-z0-9-]{1,52}$/, {
      error: "is not a Vercel project name; use 1-52 lowercase letters, digits and hyphens",
    }),
    framework: z.enum(["nextjs", "vite", "remix", "astro", "sveltekit", "nuxtjs"], {
      error: "is not a supported framework; use one of nextjs, vite, remix, astro, sveltekit, nuxtjs",
    }),
    rootDirectory: checkedString(repositoryPathProblem).optional(),
    buildCommand: z.string().optional(),
    installCommand: z.string().optional(),
    nodeVersion: z.enum(["20.x", "22.x"], { error: "must be 20.x or 22.x" }),
    /** Hostnames the project serves; each sits under `cloudflare.domain`. Empty means the vercel.app URL only. */
    domains: z.array(hostname),
    /** Require Vercel Authentication on preview deployments. */
    protectPreviews: z.boolean(),
    /**
     * Whether preview deployments (any pushed branch) get this stage's secret values as well as production builds.
     * @default - what the tier allows: false for production, true otherwise
     */
    previewsGetSecrets: z.boolean().optional(),
    /** Non-production only: restrict every deployment to these CIDRs (Vercel Enterprise). @default - no restriction */
    trustedIps: z.array(checkedString(cidrProblem)).optional(),
    /** Non-secret environment variables, by name. Secret ones come from the catalogue, never from here. */
    env: envVars,
    /**
     * Vercel Firewall rate limit on the frontend's API routes (`/api/`), per IP. @default - no Vercel firewall rule
     * @see https://registry.terraform.io/providers/vercel/vercel/5.10.0/docs/resources/firewall_config
     */
    apiRateLimit: z
      .object({
        requestsPerWindow: z
          .number()
          .int()
          .min(1, { error: "must be greater than 0; a limit of 0 blocks every request" }),
        windowSeconds: z
          .number()
          .int()
          .min(10, { error: "must be at least 10 seconds" })
          .max(3600, { error: "must be at most 3600 seconds" }),
        action: z.enum(["deny", "challenge", "rate_limit"], { error: "must be deny, challenge or rate_limit" }),
      })
      .strict()
      .optional(),
  })
  .strict();

const CloudflareSchema = z
  .object({
    accountId: z
      .string()
      .regex(CLOUDFLARE_ID, { error: "is not a Cloudflare account id; it is 32 lowercase hex characters" }),
    zoneId: z
      .string()
      .regex(CLOUDFLARE_ID, { error: "is not a Cloudflare zone id; it is 32 lowercase hex characters" }),
    zonePlan: z.enum(ZONE_PLANS, { error: `is not a zone plan; use one of ${ZONE_PLANS.join(", ")}` }),
    /** The zone's apex domain. */
    domain: hostname,
    /** Public hostname of the API served by Fly.io, under `domain`. */
    apiHostname: hostname,
    /** Whether records go through Cloudflare's proxy (WAF, cache, headers apply only when proxied). */
    proxied: z.boolean(),
    /**
     * This stage's stack owns the zone-wide resources (zone settings, one ruleset per phase, CAA records), with
     * rules for every stage on the zone. Exactly one stage per zone owns it; Cloudflare allows one ruleset per
     * phase per zone, so two stacks cannot both manage it.
     */
    ownsZone: z.boolean(),
    /** Edge and browser cache lifetime of static assets (fingerprinted files). @default 31536000 (one year) */
    staticAssetTtlSeconds: z
      .number()
      .int({ error: "must be a whole number of seconds" })
      .positive({ error: "must be a positive number of seconds; use 31536000 (one year) for fingerprinted assets" })
      .max(31_536_000, { error: "must be at most 31536000 seconds (one year), Cloudflare's maximum" }),
  })
  .strict();

const AwsSchema = z
  .object({
    accountId: z.string().regex(/^\d{12}$/, { error: "is not an AWS account id; it is exactly 12 digits" }),
    region: checkedString(awsRegionProblem),
  })
  .strict();

const FlySchema = z
  .object({
    org: z
      .string()
      .regex(/^[a-z0-9-]+$/, { error: "is not a Fly.io organization slug; use lowercase letters, digits and hyphens" }),
    app: z.string().regex(DNS_LABEL, {
      error: "is not a Fly.io app name; use lowercase letters, digits and hyphens, starting with a letter",
    }),
    primaryRegion: z.enum(FLY_REGIONS, { error: `is not a Fly.io region; use one of ${FLY_REGIONS.join(", ")}` }),
    extraRegions: z.array(
      z.enum(FLY_REGIONS, { error: `is not a Fly.io region; use one of ${FLY_REGIONS.join(", ")}` }),
    ),
    /** Machines per region the deploy workflow scales to. */
    machinesPerRegion: z.number().int().min(1, { error: "must be at least 1 machine per region" }).max(20),
    /** What to run: an image pinned by digest, or a Dockerfile in the repository for Fly to build. */
    build: z.union(
      [z.object({ image: z.string().min(1) }).strict(), z.object({ dockerfile: z.string().min(1) }).strict()],
      { error: 'must be { image: "..." } or { dockerfile: "..." }' },
    ),
    vm: z
      .object({
        cpuKind: z.enum(["shared", "performance"], { error: "must be shared or performance" }),
        cpus: z.number().int(),
        memoryMb: z
          .number()
          .int()
          .refine((mb) => mb % 256 === 0, { error: "is not a multiple of 256 MB; Fly sizes memory in 256 MB steps" }),
      })
      .strict(),
    http: z
      .object({
        internalPort: z.number().int().min(1).max(65535, { error: "is not a TCP port; use 1-65535" }),
        forceHttps: z.boolean(),
        autoStopMachines: z.enum(["off", "stop", "suspend"], { error: "must be off, stop or suspend" }),
        autoStartMachines: z.boolean(),
        minMachinesRunning: z.number().int().min(0, { error: "must be 0 or more" }),
        concurrency: z
          .object({
            type: z.enum(["requests", "connections"]),
            softLimit: z.number().int().positive(),
            hardLimit: z.number().int().positive(),
          })
          .strict(),
      })
      .strict(),
    /** HTTP health check; required by bluegreen deploys. */
    healthCheck: z
      .object({
        path: z.string().startsWith("/", { error: "must start with /" }),
        intervalSeconds: z.number().int().positive(),
        timeoutSeconds: z.number().int().positive(),
        gracePeriodSeconds: z.number().int().min(0),
      })
      .strict()
      .optional(),
    deploy: z
      .object({
        strategy: z.enum(["rolling", "bluegreen", "canary", "immediate"], {
          error: "must be one of rolling, bluegreen, canary, immediate",
        }),
        releaseCommand: z.string().optional(),
      })
      .strict(),
    /** Non-secret environment for the machines. Secrets are read at run time from Secrets Manager. */
    env: envVars,
  })
  .strict();

const SecuritySchema = z
  .object({
    apiRateLimit: z
      .object({
        requestsPerPeriod: z
          .number()
          .int()
          .min(1, { error: "must be greater than 0; a limit of 0 blocks every request" }),
        periodSeconds: z.number().int().positive({ error: "must be a positive number of seconds" }),
        action: z.enum(["block", "managed_challenge"], { error: "must be block or managed_challenge" }),
        mitigationTimeoutSeconds: z
          .number()
          .int()
          .min(0)
          .max(86400, { error: "must be at most 86400 seconds (one day)" }),
      })
      .strict(),
    contentSecurityPolicy: z
      .string()
      .min(1, { error: "is empty; set a policy such as default-src 'self'" })
      .refine((csp) => !/[\r\n\0"]/.test(csp), {
        error:
          "contains a newline, NUL or double quote, which breaks the header; write the policy on one line with single quotes only",
      })
      .refine((csp) => csp.split(";").every((directive) => (directive.match(/'/g) ?? []).length % 2 === 0), {
        error: "has an unbalanced single quote in a directive; quote keywords like 'self' and 'none' in pairs",
      }),
    permissionsPolicy: z
      .string()
      .min(1)
      .refine((p) => !/[\r\n\0"]/.test(p), {
        error: "contains a newline, NUL or double quote, which breaks the header",
      }),
    /** Strict-Transport-Security preload (production only, once every subdomain serves HTTPS). */
    hstsPreload: z.boolean(),
  })
  .strict();

const AlertsSchema = z
  .object({
    emails: z.array(z.email({ error: "is not an email address" })),
    /**
     * Webhook destinations (Slack-style incoming webhooks): the URL is a credential, so it lives in Secrets Manager
     * as the catalogue secret named here (consumer `cloudflare`) and reaches Cloudflare through
     * `infra secrets sync-cloudflare`, never through Terraform.
     */
    webhooks: z.array(
      z
        .object({
          name: z
            .string()
            .regex(/^[a-z0-9-]+$/, { error: "is not a webhook name; use lowercase letters, digits and hyphens" }),
          secret: z.string().min(1, { error: "is empty; name the catalogue secret that holds the webhook URL" }),
        })
        .strict(),
    ),
  })
  .strict();

const DriftSchema = z
  .object({
    /**
     * Drift that is expected, each with why and until when. A finding matching an entry is listed as ignored, not
     * counted; an entry that matches nothing in a run where the stage refreshed, or whose date has passed, fails
     * the run naming it (like an unused guardrail suppression).
     */
    ignore: z.array(
      z
        .object({
          /** Resource address glob: `*` matches any run of characters, e.g. `aws_secretsmanager_secret.*`. */
          address: z
            .string()
            .min(1, { error: "is empty; give the resource address (a * matches any run of characters)" }),
          /** Attribute paths (a path covers everything below it: `tags` covers `tags.owner`). @default - every attribute */
          attributes: z
            .array(z.string().min(1))
            .min(1, { error: "is empty; leave it out to ignore every attribute" })
            .optional(),
          reason: z
            .string()
            .trim()
            .min(20, { error: "is too short; say in at least 20 characters why this drift is expected" }),
          /** Last day the entry holds (YYYY-MM-DD); after it the run fails until the entry is renewed or removed. */
          expires: z.iso.date({ error: "is not a date; write it as YYYY-MM-DD" }),
        })
        .strict(),
    ),
  })
  .strict();

export const StageConfigSchema = z
  .object({
    name: z.string().regex(STAGE_NAME, {
      error:
        "is not a stage name; use 1-24 lowercase letters, digits and hyphens, starting with a letter (it names the stack, the state key, roles and GitHub environments)",
    }),
    /** What the stage is for; it decides every protection (environments/tiers.ts). */
    tier: z.enum(TIERS, { error: `is not a tier; use one of ${TIERS.join(", ")}` }),
    /** Place in the promotion order: a merge deploys stages from the lowest order up, stopping at the first failure. */
    order: z.number().int({ error: "must be a whole number" }).min(0, { error: "must be 0 or more" }),
    /** Product name; prefixes secret ids, IAM roles and buckets, so it must be DNS-safe. */
    app: z.string().regex(DNS_LABEL, {
      error: "is not DNS-safe; use 1-30 lowercase letters, digits and hyphens, starting with a letter",
    }),
    github: GitHubSchema,
    vercel: VercelSchema,
    cloudflare: CloudflareSchema,
    aws: AwsSchema,
    fly: FlySchema,
    secrets: z.array(SecretSchema),
    /**
     * Whether Vercel and GitHub consumers read their values from Secrets Manager. A new stage deploys first with
     * false (creating the empty secrets), then values are set with `infra secrets set`, then this turns true.
     */
    wireSecretConsumers: z.boolean(),
    security: SecuritySchema,
    alerts: AlertsSchema,
    /**
     * Where this stage differs from the others on purpose: a config path or section as `infra parity` prints it
     * (`fly.vm`, `security.hstsPreload`) -> why. Parity marks those differences intended, every other one undeclared.
     * @default {}
     */
    differsOnPurpose: z
      .record(
        z.string(),
        z.string().trim().min(10, { error: "is too short; say in at least 10 characters why this stage differs" }),
      )
      .default({}),
    /** What `infra drift` should expect. @default { ignore: [] } */
    drift: DriftSchema.default({ ignore: [] }),
  })
  .strict();

/** The facts true once for the whole platform (environments/platform.ts), as a stage config carries them. */
export const PlatformSchema = z
  .object({
    app: StageConfigSchema.shape.app,
    aws: AwsSchema,
    github: GitHubSchema.pick({ owner: true, repository: true, defaultBranch: true }).strict(),
    cloudflare: CloudflareSchema.pick({
      accountId: true,
      zoneId: true,
      zonePlan: true,
      domain: true,
      staticAssetTtlSeconds: true,
    }).strict(),
  })
  .strict();
export type PlatformInput = z.input<typeof PlatformSchema>;

/** Dotted paths of the platform facts: a stage file setting one of them is an error. */
export const PLATFORM_PATHS = [
  "app",
  "aws",
  ...Object.keys(PlatformSchema.shape.github.shape).map((k) => `github.${k}`),
  ...Object.keys(PlatformSchema.shape.cloudflare.shape).map((k) => `cloudflare.${k}`),
] as const;

type ParsedStage = z.output<typeof StageConfigSchema>;

/** A validated stage configuration, with the fields the tier defaults filled in (see `withTierDefaults`). */
export type StageConfig = Omit<ParsedStage, "github" | "vercel"> & {
  readonly github: ParsedStage["github"] & { readonly pullRequestPlans: "open" | "approval" };
  readonly vercel: ParsedStage["vercel"] & { readonly previewsGetSecrets: boolean };
};
/** A whole stage config before validation: platform facts and the stage file merged. */
export type StageConfigInput = z.input<typeof StageConfigSchema>;

/** What a file in environments/stages/ default-exports: a stage config without the platform facts. */
export type StageFileInput = Omit<StageConfigInput, "app" | "aws" | "github" | "cloudflare"> & {
  readonly github: Omit<StageConfigInput["github"], keyof PlatformInput["github"]>;
  readonly cloudflare: Omit<StageConfigInput["cloudflare"], keyof PlatformInput["cloudflare"]>;
};
export type SecretSpec = StageConfig["secrets"][number];
export type { Tier };

/** The environment variable a secret is exposed as: its `envName`, or its name in UPPER_SNAKE_CASE. */
export function secretEnvName(secret: { name: string; envName?: string }): string {
  return secret.envName ?? secret.name.toUpperCase().replace(/-/g, "_");
}
