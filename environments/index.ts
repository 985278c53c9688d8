/**
 * Loading stages: `STAGES`, `getStage(name)` and `parseStage(input)`. Parsing validates once and reports every
 * bad field at once (schema, cross-field rules and the credential scan), each by its dotted path.
 */
import { describeZodIssue, dottedPath, showValue, StageConfigError, type StageConfigIssue } from "./errors";
import { CROSS_FIELD_RULES, credentialIssues, type RuleIssue } from "./rules";
import { tierDefaults } from "./tiers";
import { STAGE_NAMES, StageConfigSchema, type StageConfig, type StageName } from "./types";
import { development } from "./development";
import { staging } from "./staging";
import { production } from "./production";

export { StageConfigError, type StageConfigIssue } from "./errors";
export { STAGE_NAMES, secretEnvName, type StageConfig, type StageConfigInput, type StageName, type SecretSpec, type Tier } from "./types";
export { TIER_POLICY, TIERS, tierDefaults, type TierPolicy } from "./tiers";

function ruleIssue(issue: RuleIssue): StageConfigIssue {
  const shown = issue.withhold ? "(value withheld)" : showValue(issue.input);
  return { path: dottedPath(issue.path), message: `${shown} ${issue.message}` };
}

/** Validates untrusted input as a stage config; throws `StageConfigError` listing every problem. */
export function parseStage(input: unknown): StageConfig {
  const stageName =
    typeof input === "object" && input !== null && typeof (input as { name?: unknown }).name === "string"
      ? (input as { name: string }).name
      : "(unnamed stage)";
  const parsed = StageConfigSchema.safeParse(input, { reportInput: true });
  const schemaIssues = parsed.success ? [] : parsed.error.issues;
  // An unknown key does not make the fields around it unreadable, so it does not block the cross-field rules.
  const brokenPaths = schemaIssues
    .filter((i) => i.code !== "unrecognized_keys")
    .map((i) => dottedPath(i.path));
  const readable = (dep: string) => !brokenPaths.some((p) => p === dep || p.startsWith(`${dep}.`) || dep.startsWith(`${p}.`) || p === "(root)");

  const issues: StageConfigIssue[] = schemaIssues.map(describeZodIssue);
  for (const rule of CROSS_FIELD_RULES) {
    if (rule.reads.every(readable)) issues.push(...rule.check(input as StageConfig).map(ruleIssue));
  }
  issues.push(...credentialIssues(input, stageName).map(ruleIssue));

  if (issues.length > 0 || !parsed.success) throw new StageConfigError(stageName, issues);
  return withTierDefaults(parsed.data);
}

/** Settles, once, the fields whose default comes from the stage's tier. */
function withTierDefaults(stage: Omit<StageConfig, "github" | "vercel"> & { github: Omit<StageConfig["github"], "pullRequestPlans"> & { pullRequestPlans?: "open" | "approval" }; vercel: Omit<StageConfig["vercel"], "previewsGetSecrets"> & { previewsGetSecrets?: boolean } }): StageConfig {
  const defaults = tierDefaults(stage.tier);
  return {
    ...stage,
    github: { ...stage.github, pullRequestPlans: stage.github.pullRequestPlans ?? defaults["github.pullRequestPlans"] },
    vercel: { ...stage.vercel, previewsGetSecrets: stage.vercel.previewsGetSecrets ?? defaults["vercel.previewsGetSecrets"] },
  };
}

/** The example stages, validated. Loading fails fast, naming every bad field. */
export const STAGES: Readonly<Record<StageName, StageConfig>> = {
  development: parseStage(development),
  staging: parseStage(staging),
  production: parseStage(production),
};

/** A stage by name; an unknown name lists the valid ones. */
export function getStage(name: string): StageConfig {
  if (!(STAGE_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown stage "${name}"; valid stages are ${STAGE_NAMES.join(", ")}`);
  }
  return STAGES[name as StageName];
}
