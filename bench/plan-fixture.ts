/**
 * The 10,000-resource plan for the plan-review benchmark, derived from a real `terraform plan` fixture
 * (tests/fixtures/plans/mixed.json): every resource change, its prior-state and planned-value entries and its
 * configuration are replicated under new addresses with their real structure kept (sensitive markers at depth,
 * unknowns, replace paths, action reasons). Cached under .cache/bench/ (outside git); rebuilt when missing.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const SOURCE = join(ROOT, "tests/fixtures/plans/mixed.json");

/** Builds (or reuses) a plan with at least `count` resource changes; returns its path and size in bytes. */
export function largePlan(count: number): { path: string; bytes: number } {
  const dir = join(ROOT, ".cache/bench");
  const path = join(dir, `plan-${count}.json`);
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
      for (const rc of changes) {
        const name = `${rc.name}_${i}`;
        const copy = { ...structuredClone(rc), name, address: `${rc.type}.${name}` };
        out.resource_changes.push(copy);
      }
      for (const d of plan.resource_drift ?? [])
        out.resource_drift.push({ ...structuredClone(d), name: `${d.name}_${i}`, address: `${d.type}.${d.name}_${i}` });
      for (const r of priorResources)
        out.prior_state.values.root_module.resources.push({
          ...structuredClone(r),
          name: `${r.name}_${i}`,
          address: `${r.type}.${r.name}_${i}`,
        });
      for (const r of plannedResources)
        out.planned_values.root_module.resources.push({
          ...structuredClone(r),
          name: `${r.name}_${i}`,
          address: `${r.type}.${r.name}_${i}`,
        });
      for (const r of configResources)
        out.configuration.root_module.resources.push({
          ...structuredClone(r),
          name: `${r.name}_${i}`,
          address: `${r.type}.${r.name}_${i}`,
        });
    }
    writeFileSync(path, JSON.stringify(out));
  }
  return { path, bytes: statSync(path).size };
}
