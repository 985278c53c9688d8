/**
 * `infra stages [--format markdown|json]`: every stage, in promotion order, with what the workflows need to run it: tier, hosts, the AWS
 * account and region, the roles (derived from config by the naming contract, so no repository variable carries an
 * ARN) and the GitHub environments (deployment, and plan approval where the stage needs it). The workflows build
 * their matrices from the JSON. Safe to run from any code: trust is enforced by the roles, not by this output.
 * JSON: `{ schemaVersion: 1, stages: StageSummary[] }`.
 */
import { STAGE_LIST, type StageConfig } from "../../environments";
import {
  deployEnvironmentName,
  deployRoleName,
  planEnvironmentName,
  planRoleName,
  roleArn,
} from "../../constructs/names";

export interface StageSummary {
  readonly name: string;
  readonly tier: StageConfig["tier"];
  /** Promotion order: deploys go from the lowest up. */
  readonly order: number;
  /** Frontend domains and the API hostname. */
  readonly hosts: readonly string[];
  readonly awsAccountId: string;
  readonly awsRegion: string;
  readonly deployRoleArn: string;
  readonly planRoleArn: string;
  readonly deployEnvironment: string;
  /** The environment a pull-request plan must run in (approval needed), or null when plans are open. */
  readonly planEnvironment: string | null;
}

export function stageSummary(stage: StageConfig): StageSummary {
  return {
    name: stage.name,
    tier: stage.tier,
    order: stage.order,
    hosts: [...stage.vercel.domains, stage.cloudflare.apiHostname],
    awsAccountId: stage.aws.accountId,
    awsRegion: stage.aws.region,
    deployRoleArn: roleArn(stage.aws.accountId, deployRoleName(stage.app, stage.name)),
    planRoleArn: roleArn(stage.aws.accountId, planRoleName(stage.app, stage.name)),
    deployEnvironment: deployEnvironmentName(stage.name),
    planEnvironment: stage.github.pullRequestPlans === "approval" ? planEnvironmentName(stage.name) : null,
  };
}

export function runStagesCommand(format: "markdown" | "json", all: readonly StageConfig[] = STAGE_LIST): string {
  const stages = all.map(stageSummary).sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  if (format === "json") return `${JSON.stringify({ schemaVersion: 1, stages }, null, 2)}\n`;
  return [
    "| stage | tier | order | hosts | pull-request plans |",
    "|---|---|---|---|---|",
    ...stages.map(
      (s) =>
        `| ${s.name} | ${s.tier} | ${s.order} | ${s.hosts.join(", ")} | ${s.planEnvironment ? `after approval in \`${s.planEnvironment}\`` : "open"} |`,
    ),
    "",
  ].join("\n");
}
