/**
 * What a stage declares, for telling unmanaged things apart: the resources in its Terraform state (`terraform state
 * pull`, which needs no provider schema) and the names its config delivers outside Terraform (GitHub secrets synced
 * from the catalogue, other stages' hostnames on a zone this stage owns).
 */

/** The parts of a Terraform state (format version 4) read here. */
export interface TerraformState {
  readonly version?: number;
  readonly resources?: ReadonlyArray<{
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances?: ReadonlyArray<{ readonly attributes?: Record<string, unknown> }>;
  }>;
}

/** Every value of one attribute of the managed resources of one type. */
export function stateValues(state: TerraformState, type: string, attribute: string): string[] {
  return (state.resources ?? [])
    .filter((r) => r.mode === "managed" && r.type === type)
    .flatMap((r) => (r.instances ?? []).map((i) => i.attributes?.[attribute]))
    .filter((v): v is string => typeof v === "string");
}

/** `name TYPE` pairs of the DNS records in a state. */
export function stateDnsRecords(state: TerraformState): Array<{ name: string; type: string }> {
  return (state.resources ?? [])
    .filter((r) => r.mode === "managed" && r.type === "cloudflare_dns_record")
    .flatMap((r) =>
      (r.instances ?? []).map((i) => ({
        name: typeof i.attributes?.name === "string" ? i.attributes.name : "",
        type: typeof i.attributes?.type === "string" ? i.attributes.type : "",
      })),
    );
}

export function parseState(text: string, stage: string): TerraformState {
  try {
    const state = JSON.parse(text) as TerraformState;
    if (typeof state !== "object" || state === null) throw new Error("not an object");
    return state;
  } catch {
    throw new Error(`${stage}: terraform state pull did not print a state; has the stage been deployed?`);
  }
}
