/**
 * Stages as data: the set of stages is the set of files in environments/stages/. Adding a file adds a stage with
 * everything its tier decides (a second production-tier stage gets production's protections), in synthesis, in
 * the workflows' matrices (which come from `infra stages`) and in parity. A copied stage that keeps another stage's
 * names fails naming the value and both stages. Platform facts live once in environments/platform.ts.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { loadStages, STAGE_NAMES, StageConfigErrors } from "../../environments";
import { crossStageIssues } from "../../environments/cross-stage-rules";
import { declareStacks } from "../../stacks/app-stacks";
import { parityReport } from "../../tools/parity/parity-report";
import { runStagesCommand } from "../../tools/stages/stages-command";
import { StageDir, stageFileFrom } from "../support/stage-dir";

function errorsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StageConfigErrors);
    return (error as StageConfigErrors).message.split("\n");
  }
  throw new Error("expected the stages to be rejected");
}

const PRODUCTION_EU = stageFileFrom(
  "production",
  `name: "production-eu", order: 40,
   vercel: { ...base.vercel, projectName: "acme-web-eu", domains: ["eu.example.com"], env: { NEXT_PUBLIC_API_URL: "https://api.eu.example.com" } },
   cloudflare: { ...base.cloudflare, apiHostname: "api.eu.example.com", ownsZone: false },
   fly: { ...base.fly, app: "acme-api-eu", primaryRegion: "fra", extraRegions: ["cdg"] },
   differsOnPurpose: { ...base.differsOnPurpose, "fly.primaryRegion": "serves European users from Frankfurt" }`,
);

describe("the example stages", () => {
  test("are the files of environments/stages, in promotion order", () => {
    expect(STAGE_NAMES).toEqual(["development", "staging", "production"]);
  });
});

describe("adding a production-tier stage is adding one file", () => {
  const dir = new StageDir({ "production-eu.ts": PRODUCTION_EU });
  afterAll(() => dir.dispose());
  const stages = loadStages(dir.dir);
  const app = Testing.app();
  const stacks = declareStacks(app, stages);
  const synth = (stack: any) => JSON.parse(Testing.synth(stack));
  const bootstrap = synth(stacks.bootstrap);
  const eu = synth(stacks.stages["production-eu"]);

  test("it loads with the others, after production in promotion order", () => {
    expect(stages.map((s) => s.name)).toEqual(["development", "staging", "production", "production-eu"]);
  });

  test("synthesis emits its stack with production's protections, decided by its tier", () => {
    const environments = Object.values<any>(bootstrap.resource.github_repository_environment);
    expect(environments.find((e) => e.environment === "production-eu")).toMatchObject({
      can_admins_bypass: false,
      prevent_self_review: true,
      reviewers: [{ teams: [1000001] }],
    });
    expect(environments.find((e) => e.environment === "production-eu-plan")).toMatchObject({
      can_admins_bypass: false,
    });
    const planRole = Object.values<any>(bootstrap.resource.aws_iam_role).find(
      (r) => r.name === "acme-plan-production-eu",
    );
    expect(planRole.assume_role_policy).toMatch(/environment-production-eu_plan-environment_[0-9A-F]{8}\.environment/);
    expect(planRole.assume_role_policy).not.toContain(":pull_request");
    for (const secret of Object.values<any>(eu.resource.aws_secretsmanager_secret))
      expect(secret.recovery_window_in_days).toBe(30);
    const secretTargets = Object.values<any>(eu.resource.vercel_project_environment_variable)
      .filter((v) => v.sensitive)
      .flatMap((v) => v.target);
    expect(new Set(secretTargets)).toEqual(new Set(["production"]));
    expect(Object.keys(eu.resource.cloudflare_healthcheck ?? {})).toHaveLength(1);
    const hsts = Object.values<any>(synth(stacks.stages.production).resource.cloudflare_ruleset).find(
      (r) => r.phase === "http_response_headers_transform",
    );
    expect(hsts.rules.map((r: any) => r.ref)).toContain("security_headers_production-eu");
  });

  test("its plan, deploy and drift jobs appear in the workflows' matrices (the jq filters the workflows run on infra stages)", () => {
    const json = runStagesCommand("json", stages);
    const workflow = (file: string) =>
      parse(readFileSync(join(__dirname, "../../.github/workflows", file), "utf8")) as {
        jobs: Record<string, { steps: any[] }>;
      };
    const filters = ["plan.yml", "deploy.yml", "drift.yml"].flatMap((file) =>
      workflow(file).jobs.select.steps.flatMap((s) =>
        [...String(s.run ?? "").matchAll(/jq -c '([^']+)' stages\.json/g)].map((m) => ({ file, filter: m[1] })),
      ),
    );
    const matrices = filters
      .filter(({ filter }) => filter.includes(".name]"))
      .map(({ file, filter }) => ({
        file,
        names: JSON.parse(execFileSync("jq", ["-c", filter], { input: json }).toString()),
      }));
    expect(matrices.map((m) => m.file).sort()).toEqual(["deploy.yml", "drift.yml", "drift.yml", "plan.yml"]);
    for (const { names } of matrices) expect(names).toContain("production-eu");
    const config = JSON.parse(json).stages.find((s: { name: string }) => s.name === "production-eu");
    expect(config).toMatchObject({
      tier: "production",
      planEnvironment: "production-eu-plan",
      planRoleArn: "arn:aws:iam::000000000000:role/acme-plan-production-eu",
    });
  });

  test("parity lists it against production: only its own names and the difference it declares", () => {
    const [production, productionEu] = [
      stages.find((s) => s.name === "production")!,
      stages.find((s) => s.name === "production-eu")!,
    ];
    const report = parityReport(production, productionEu, { a: [], b: [] });
    expect(report.differences.filter((d) => d.kind === "undeclared")).toEqual([]);
    expect(report.differences.filter((d) => d.kind === "intended").map((d) => d.path)).toEqual([
      "fly.extraRegions",
      "fly.primaryRegion",
    ]);
    expect(report.differences.filter((d) => d.kind === "per-stage").map((d) => d.path)).toEqual(
      expect.arrayContaining(["name", "fly.app", "vercel.projectName", "cloudflare.apiHostname"]),
    );
  });
});

describe("rules across stages", () => {
  test("throws when a copied stage keeps another stage's hosts, project and Fly app, naming the value and both stages", () => {
    const dir = new StageDir({ "staging-copy.ts": stageFileFrom("staging", `name: "staging-copy", order: 21`) });
    try {
      const lines = errorsOf(() => loadStages(dir.dir));
      expect(lines).toEqual(
        expect.arrayContaining([
          "the stages disagree in 4 places:",
          `  - staging-copy.vercel.domains.0: "staging.example.com" is already staging's hostname (staging.vercel.domains.0); give each stage its own hostname`,
          `  - staging-copy.cloudflare.apiHostname: "api.staging.example.com" is already staging's hostname (staging.cloudflare.apiHostname); give each stage its own hostname`,
          `  - staging-copy.vercel.projectName: "acme-web-staging" is already staging's Vercel project (staging.vercel.projectName); give each stage its own Vercel project`,
          `  - staging-copy.fly.app: "acme-api-staging" is already staging's Fly app (staging.fly.app); give each stage its own Fly app`,
        ]),
      );
    } finally {
      dir.dispose();
    }
  });

  test("throws when a stage's name is another stage's plan-approval environment", () => {
    const stages = loadStages();
    const impostor = {
      ...structuredClone(stages.find((s) => s.name === "development")!),
      name: "production-plan",
      vercel: { ...stages[0].vercel, projectName: "x", domains: [] },
      cloudflare: { ...stages[0].cloudflare, apiHostname: "api.x.example.com" },
      fly: { ...stages[0].fly, app: "x" },
    };
    expect(crossStageIssues([...stages, impostor]).map((i) => `${i.path}: ${i.message}`)).toEqual([
      `production-plan.name: "production-plan" is already production's GitHub environment (production.github.pullRequestPlans); give each stage its own GitHub environment`,
    ]);
  });

  test("throws unless exactly one stage owns the zone", () => {
    const stages = loadStages().map((s) => structuredClone(s));
    stages[1].cloudflare.ownsZone = true;
    expect(crossStageIssues(stages)).toEqual([
      {
        path: "production.cloudflare.ownsZone",
        message: expect.stringMatching(/^true, but staging already owns the zone example\.com/),
      },
    ]);
    for (const s of stages) s.cloudflare.ownsZone = false;
    expect(crossStageIssues(stages)).toEqual([
      {
        path: "(every stage).cloudflare.ownsZone",
        message: expect.stringMatching(/no stage owns the zone example\.com; set ownsZone: true on exactly one stage/),
      },
    ]);
  });

  test("throws when the stages need more rate-limit rules than the zone plan allows", () => {
    const stages = loadStages().map((s) => structuredClone(s));
    (stages[1].security.apiRateLimit as { requestsPerPeriod: number }).requestsPerPeriod = 150;
    expect(crossStageIssues(stages)).toEqual([
      {
        path: "(every stage).security.apiRateLimit",
        message: expect.stringMatching(
          /need 3 rate-limiting rules on example\.com .* the Cloudflare pro plan allows 2/,
        ),
      },
    ]);
  });
});

describe("stage files", () => {
  test("throws when a stage file sets a platform fact, or is not named after its stage", () => {
    const dir = new StageDir(
      {
        "qa.ts": stageFileFrom(
          "staging",
          `name: "quality", order: 25, aws: { accountId: "111111111111", region: "eu-west-1" }`,
        ),
      },
      (n) => n !== "staging",
    );
    try {
      expect(errorsOf(() => loadStages(dir.dir))).toEqual([
        `stage "qa" has 2 invalid fields:`,
        `  - qa.name: "quality" is not the file's name; a stage is named after its file, so set name: "qa" or rename the file`,
        "  - qa.aws: is a platform fact, true for every stage; set it once in environments/platform.ts and remove it here",
      ]);
    } finally {
      dir.dispose();
    }
  });

  test("throws on an invalid platform fact, naming environments/platform.ts", () => {
    expect(
      errorsOf(() =>
        loadStages(undefined, {
          app: "acme",
          aws: { accountId: "1", region: "eu-west-1" },
          github: { owner: "o", repository: "r", defaultBranch: "main" },
          cloudflare: {},
        }),
      )[0],
    ).toBe("environments/platform.ts has 6 invalid fields:");
  });

  test("throws for a stage file without a default export", () => {
    const dir = new StageDir({ "qa.ts": "export const qa = {};\n" });
    try {
      expect(errorsOf(() => loadStages(dir.dir))).toContain(
        '  - qa.(file): environments/stages/qa.ts has no default export; write `export default { ...common, name: "qa", ... }`',
      );
    } finally {
      dir.dispose();
    }
  });
});
