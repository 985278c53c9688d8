/**
 * Test harness for real Terraform: writes a synthesized stack (or a part of it) into a temp dir and runs
 * `terraform init` / `validate` / `plan` there with the project-local CLI config (tools/terraform.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTerraform, terraform } from "../../tools/terraform";

export type TerraformJson = Record<string, any>;

/** A temp working dir holding `main.tf.json`; `dispose()` removes it. */
export class TerraformWorkdir {
  readonly dir: string;

  constructor(config: TerraformJson, prefix = "infra-tf-") {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    writeFileSync(join(this.dir, "main.tf.json"), JSON.stringify(config, null, 2));
  }

  async init(): Promise<void> {
    await terraform(["init", "-input=false", "-no-color", "-backend=false"], this.dir);
  }

  /** Real `terraform validate -json`; resolves with its diagnostics. */
  async validate(): Promise<{
    valid: boolean;
    error_count: number;
    diagnostics: Array<{ severity: string; summary: string; detail?: string }>;
  }> {
    const result = await runTerraform(["validate", "-json", "-no-color"], this.dir);
    return JSON.parse(result.stdout);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Drops the backend block so a stack can be validated without its (never contacted) remote state. */
export function withoutBackend(config: TerraformJson): TerraformJson {
  const copy = structuredClone(config);
  if (copy.terraform) delete copy.terraform.backend;
  return copy;
}

/** Inits and validates a config in a temp dir; returns the validate result. */
export async function validateConfig(
  config: TerraformJson,
): Promise<Awaited<ReturnType<TerraformWorkdir["validate"]>>> {
  const workdir = new TerraformWorkdir(withoutBackend(config));
  try {
    await workdir.init();
    return await workdir.validate();
  } finally {
    workdir.dispose();
  }
}

/**
 * The AWS half of a synthesized stage: the AWS provider, every `aws_*` resource, data source and ephemeral
 * resource, the `removed` blocks of `aws_*` addresses, and the outputs that reference only those. The offline machine has no other provider binary, so this
 * is what real `terraform validate/plan/apply` can run on; it is cut from the stage's own synthesized JSON, so it
 * stays exactly what the stage deploys.
 */
export function awsPart(config: TerraformJson): TerraformJson {
  const keepTypes = (block: Record<string, unknown> | undefined) =>
    block ? Object.fromEntries(Object.entries(block).filter(([type]) => type.startsWith("aws_"))) : undefined;
  const references = (value: unknown) => [...JSON.stringify(value).matchAll(/\$\{([a-z0-9_]+)\./g)].map((m) => m[1]);
  const out: TerraformJson = {
    terraform: { required_providers: { aws: config.terraform.required_providers.aws } },
    provider: { aws: config.provider.aws },
  };
  for (const section of ["resource", "data", "ephemeral"] as const) {
    const kept = keepTypes(config[section]);
    if (kept && Object.keys(kept).length > 0) out[section] = kept;
  }
  const removed = (config.removed ?? []).filter((r: { from: string }) => r.from.startsWith("aws_"));
  if (removed.length > 0) out.removed = removed;
  const outputs = Object.entries(config.output ?? {}).filter(([, o]) =>
    references(o).every((type) => type.startsWith("aws_") || type === "data" || type === "ephemeral"),
  );
  if (outputs.length > 0) out.output = Object.fromEntries(outputs);
  return inlineOtherProviders(out, config);
}

/**
 * An AWS resource may name another provider's resource to be ordered after it (a role's trust names the GitHub
 * environment that gates it). Such a reference is replaced by the literal the configuration gives that attribute;
 * a reference to anything computed cannot be cut out, so it throws.
 */
function inlineOtherProviders(part: TerraformJson, config: TerraformJson): TerraformJson {
  const text = JSON.stringify(part).replace(
    /\$\{([a-z0-9]+)_([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g,
    (whole, provider: string, rest: string, name: string, attribute: string) => {
      if (provider === "aws") return whole;
      const value = config.resource?.[`${provider}_${rest}`]?.[name]?.[attribute];
      if (typeof value !== "string" || value.includes("${"))
        throw new Error(`awsPart: ${whole} is not a literal of the configuration and cannot be cut out`);
      return value;
    },
  );
  return JSON.parse(text);
}
