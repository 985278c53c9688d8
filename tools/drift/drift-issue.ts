/**
 * One GitHub issue per drifted stage, titled `Drift detected: <stage>` with label `drift`: created on first drift,
 * its body kept current, a comment only when the set of drifted resources changes, closed with a comment when
 * the drift is gone. Running again with the same drift changes nothing.
 */
import type { Octokit } from "@octokit/rest";
import type { DriftReport } from "./drift-report";
import { code } from "../plan/render-markdown";
import { Scrubber } from "../plan/scrub";
import { renderDriftMarkdown } from "./render-drift";

export const DRIFT_LABEL = "drift";

export type IssueAction = "created" | "updated" | "unchanged" | "closed" | "none";

export function driftIssueTitle(stage: string): string {
  return `Drift detected: ${stage}`;
}

const SET_MARKER = /<!-- drifted-resources: (.*?) -->/;

/**
 * The issue body: the report (through the scrubber's final pass) and the set of drifted addresses in a hidden marker,
 * each address URI-encoded (an address can hold `-->` or a comma inside a for_each key).
 */
async function issueBody(report: DriftReport): Promise<string> {
  const set = report.resources.map((r) => encodeURIComponent(r.address)).sort();
  const text = await new Scrubber().final(renderDriftMarkdown(report));
  return `${text}\n_Opened and kept current by \`infra drift --github-issue\`; it closes itself when the drift is gone._\n<!-- drifted-resources: ${set.join(",")} -->\n`;
}

export async function syncDriftIssue(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  report: DriftReport,
): Promise<IssueAction> {
  const title = driftIssueTitle(report.stage);
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    state: "open",
    labels: DRIFT_LABEL,
    per_page: 100,
  });
  const issue = open.find((i) => i.title === title && !i.pull_request);

  if (!report.drifted) {
    if (!issue) return "none";
    await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: `Drift is gone: ${report.stage} matches its last applied state again. Closing.`,
    });
    await octokit.rest.issues.update({ ...repo, issue_number: issue.number, state: "closed" });
    return "closed";
  }

  const body = await issueBody(report);
  if (!issue) {
    await octokit.rest.issues.create({ ...repo, title, body, labels: [DRIFT_LABEL] });
    return "created";
  }
  if (issue.body === body) return "unchanged";
  const before = new Set(
    (SET_MARKER.exec(issue.body ?? "")?.[1] ?? "")
      .split(",")
      .filter(Boolean)
      .map((a) => {
        try {
          return decodeURIComponent(a);
        } catch {
          return a;
        }
      }),
  );
  const now = new Set(report.resources.map((r) => r.address));
  await octokit.rest.issues.update({ ...repo, issue_number: issue.number, body });
  const added = [...now].filter((a) => !before.has(a));
  const gone = [...before].filter((a) => !now.has(a));
  if (added.length > 0 || gone.length > 0) {
    await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: [
        "The set of drifted resources changed.",
        ...added.map((a) => `- now drifted: ${code(a)}`),
        ...gone.map((a) => `- no longer drifted: ${code(a)}`),
      ].join("\n"),
    });
  }
  return "updated";
}
