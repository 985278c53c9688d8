/**
 * secretlint over many texts at once, returning where each finding is: the scan behind
 * environments/credentials/credential-scan.ts, run in this thread by its async form (plain Node: the `infra`
 * command) and in a worker thread (scan-worker.mjs) by its synchronous form. Plain JavaScript (ESM) because
 * @secretlint/core and its rules are ESM-only and this file is loaded outside any TypeScript loader or jest's module
 * system.
 *
 * Two profiles:
 * - `anywhere`: secretlint's recommended preset (with AWS access key ids reported, which the preset leaves off by
 *   default) plus the project's own rules (project-rules.mjs) for shapes the preset does not know.
 * - `freeText`: all of that plus the project's free-text rules (long hex keys), for text that is never an
 *   identifier. Plan output is scanned with `anywhere`: Cloudflare and Vercel ids are long hex by design.
 *
 * It returns rule ids, pattern names and ranges only, never secretlint's messages: those quote the credential.
 */
import { lintSource } from "@secretlint/core";
import { creator as recommended, rules as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";
import { creator as pattern } from "@secretlint/secretlint-rule-pattern";
import { ANYWHERE_PATTERNS, FREE_TEXT_PATTERNS } from "./project-rules.mjs";

/**
 * The preset, with AWS access key ids reported and its comment filter off: that rule reads `secretlint-disable`
 * comments in the scanned text, and the text scanned here is never ours (plan values, names, messages), so a value
 * holding `secretlint-disable` would have switched the scan off for everything after it.
 */
const COMMENT_FILTER = "@secretlint/secretlint-rule-filter-comments";
const preset = {
  id: "@secretlint/secretlint-rule-preset-recommend",
  // The preset registers each of its rules; this one every rule but the comment filter (secretlint 12 does not
  // honour `disabled` for a rule inside a preset).
  rule: {
    ...recommended,
    create(context) {
      for (const rule of recommendedRules) if (rule.meta.id !== COMMENT_FILTER) context.registerRule(rule);
    },
  },
  rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
};
const projectRule = (patterns) => ({ id: "@secretlint/secretlint-rule-pattern", rule: pattern, options: { patterns } });

const CONFIGS = {
  anywhere: { rules: [preset, projectRule(ANYWHERE_PATTERNS)] },
  freeText: { rules: [preset, projectRule([...ANYWHERE_PATTERNS, ...FREE_TEXT_PATTERNS])] },
};

async function scan(content, config) {
  const result = await lintSource({
    source: { filePath: "/scanned.txt", content, ext: ".txt", contentType: "text" },
    // Messages stay here (only ranges and names leave), so secretlint need not mask them; masking would also mask
    // the pattern names.
    options: { config, noPhysicFilePath: true, maskSecrets: false },
  });
  return result.messages.map((m) => ({
    ruleId: m.ruleId,
    // The project's pattern rule reports the pattern's name in data; it names a shape, never the value.
    pattern: typeof m.data?.PATTERN_NAME === "string" ? m.data.PATTERN_NAME : undefined,
    start: m.range[0],
    end: m.range[1],
  }));
}

/**
 * Texts are joined into one document and scanned once: secretlint's cost is mostly per call (rule set-up), so one
 * call for a whole stage config takes milliseconds where one call per string took seconds. The separator holds
 * whitespace, which ends every shape the rules know; a finding that still spans a separator is reported on every
 * text it touches, clipped to it.
 */
const SEPARATOR = "\n\n";

/** Findings per text, in order: `{ ruleId, pattern?, start, end }` with positions in that text. */
export async function scanTexts(texts, profile) {
  const config = CONFIGS[profile] ?? CONFIGS.anywhere;
  const starts = [];
  let offset = 0;
  for (const text of texts) {
    starts.push(offset);
    offset += text.length + SEPARATOR.length;
  }
  const results = texts.map(() => []);
  if (texts.every((t) => t.length === 0)) return results;
  for (const f of await scan(texts.join(SEPARATOR), config)) {
    // The last text starting at or before the finding, then every following text it reaches into.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= f.start) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i < texts.length && starts[i] < Math.max(f.end, f.start + 1); i++) {
      const from = Math.max(f.start, starts[i]) - starts[i];
      const to = Math.min(f.end, starts[i] + texts[i].length) - starts[i];
      if (from < texts[i].length && to > from) results[i].push({ ...f, start: from, end: to });
      else if (from < texts[i].length && f.end === f.start) results[i].push({ ...f, start: from, end: from });
    }
  }
  return results;
}
