/**
 * The 10,000-resource plan for the plan-review benchmark, derived from a real `terraform plan` fixture
 * (tests/fixtures/plans/mixed.json): every resource change, its prior-state and planned-value entries and its
 * configuration are replicated under new addresses with their real structure kept (sensitive markers at depth,
 * unknowns, replace paths, action reasons). Each copy gets its own names, ARNs, ids and secret values (the app name
 * they all contain is numbered per copy), as the resources of a real plan have: a plan that repeats one set of
 * values 1,250 times would flatter anything that works once per distinct value (the scrubber, the credential scan).
 * Cached under .cache/bench/ (outside git); rebuilt when missing.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const SOURCE = join(ROOT, "tests/fixtures/plans/mixed.json");
/** The app name in every name, ARN, id and secret value of the source plan. */
const APP = "fixture";

/** Builds (or reuses) a plan with at least `count` resource changes; returns its path and size in bytes. */
export function largePlan(count: number): { path: string; bytes: number } {
  const dir = join(ROOT, ".cache/bench");
  const path = join(dir, `plan-${count}-distinct.json`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const plan = JSON.parse(readFileSync(SOURCE, "utf8"));
    const changes: any[] = plan.resource_changes;
    const priorResources: any[] = plan.prior_state?.values?.root_module?.resources ?? [];
    const plannedResources: any[] = plan.planned_values?.root_module?.resources ?? [];
    const configResources: any[] = plan.configuration?.root_module?.resources ?? [];
    const copies = Math.ceil(count / changes.length);
    const out = { ...plan, resource_changes: [] as any[], resource_drift: [] as any[] };
    out.prior_state = structuredClone(plan.prior_state);
    out.planned_values = structuredClone(plan.planned_values);
    out.configuration = structuredClone(plan.configuration);
    out.prior_state.values.root_module.resources = [];
    out.planned_values.root_module.resources = [];
    out.configuration.root_module.resources = [];
    for (let i = 0; i < copies; i++) {
      const copy = (r: any) => ({
        ...(JSON.parse(JSON.stringify(r).replaceAll(APP, `${APP}${i}`)) as object),
        name: `${r.name}_${i}`,
        address: `${r.type}.${r.name}_${i}`,
      });
      out.resource_changes.push(...changes.map(copy));
      out.resource_drift.push(...(plan.resource_drift ?? []).map(copy));
      out.prior_state.values.root_module.resources.push(...priorResources.map(copy));
      out.planned_values.root_module.resources.push(...plannedResources.map(copy));
      out.configuration.root_module.resources.push(...configResources.map(copy));
    }
    writeFileSync(path, JSON.stringify(out));
  }
  return { path, bytes: statSync(path).size };
}
