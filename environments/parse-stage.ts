/**
 * Validating one stage: `parseStage(input)` checks the schema, the cross-field rules and the credential scan, and
 * reports every bad field at once, each by its dotted path; the fields whose default comes from the tier are then
 * settled once.
 */
import { describeZodIssue, dottedPath, showValue, StageConfigError, type StageConfigIssue } from "./errors";
import { CROSS_FIELD_RULES, credentialIssues, type RuleIssue } from "./rules";
import { tierDefaults } from "./tiers";
import { StageConfigSchema, type StageConfig } from "./types";

export function ruleIssue(issue: RuleIssue): StageConfigIssue {
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
  const brokenPaths = schemaIssues.filter((i) => i.code !== "unrecognized_keys").map((i) => dottedPath(i.path));
  const readable = (dep: string) =>
    !brokenPaths.some((p) => p === dep || p.startsWith(`${dep}.`) || dep.startsWith(`${p}.`) || p === "(root)");

  const issues: StageConfigIssue[] = schemaIssues.map(describeZodIssue);
  for (const rule of CROSS_FIELD_RULES) {
    if (rule.reads.every(readable)) issues.push(...rule.check(input as StageConfig).map(ruleIssue));
  }
  issues.push(...credentialIssues(input, stageName).map(ruleIssue));

  if (issues.length > 0 || !parsed.success) throw new StageConfigError(stageName, issues);
  return withTierDefaults(parsed.data);
}

/** Settles, once, the fields whose default comes from the stage's tier. */
function withTierDefaults(
  stage: Omit<StageConfig, "github" | "vercel"> & {
    github: Omit<StageConfig["github"], "pullRequestPlans"> & { pullRequestPlans?: "open" | "approval" };
    vercel: Omit<StageConfig["vercel"], "previewsGetSecrets"> & { previewsGetSecrets?: boolean };
  },
): StageConfig {
  const defaults = tierDefaults(stage.tier);
  return {
    ...stage,
    github: { ...stage.github, pullRequestPlans: stage.github.pullRequestPlans ?? defaults["github.pullRequestPlans"] },
    vercel: {
      ...stage.vercel,
      previewsGetSecrets: stage.vercel.previewsGetSecrets ?? defaults["vercel.previewsGetSecrets"],
    },
  };
}
