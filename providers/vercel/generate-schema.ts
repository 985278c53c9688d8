/**
 * Writes providers/vercel/schema.json (the format of `terraform providers schema -json`, Terraform 1.11) from the
 * checked-in extract of the provider's Go source, providers/vercel/source-schema.v5.10.0.json, converting each
 * declared field the way terraform-plugin-framework sends it to Terraform and Terraform prints it:
 *
 * - MarkdownDescription wins over Description and makes description_kind "markdown"; otherwise "plain".
 * - A DeprecationMessage makes `deprecated: true` (Terraform 1.11 prints no message).
 * - Required/Optional/Computed/Sensitive/WriteOnly are printed only when true; Int64 and friends are "number".
 * - Nested attributes (…NestedAttribute) become `nested_type`; blocks (…NestedBlock) become `block_types`.
 * - Map keys are sorted, as Go's encoding/json prints them; empty attribute and block maps are left out.
 *
 *   npm run schema:vercel      (writes schema.json, then regenerates the bindings in .gen/)
 *
 * `provider_versions` is not part of Terraform's output: cdktf adds it from `terraform version -json`, and its
 * generator reads the provider version from there.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BLOCK_MODES,
  COLLECTION_ATTRIBUTE_TYPES,
  EXTRACT_PATH,
  NESTED_ATTRIBUTE_MODES,
  PRIMITIVE_ATTRIBUTE_TYPES,
} from "./source-schema";
import type { SchemaEntry, SourceExtract, SourceNode, SourceSchema, TerraformType } from "./source-schema";

export const PROVIDER_ADDRESS = "registry.terraform.io/vercel/vercel";
export const SCHEMA_PATH = join(__dirname, "schema.json");

export interface JsonAttribute {
  type?: TerraformType;
  nested_type?: { attributes: Record<string, JsonAttribute>; nesting_mode: string };
  description?: string;
  description_kind: "plain" | "markdown";
  deprecated?: true;
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
  write_only?: true;
}

export interface JsonBlock {
  attributes?: Record<string, JsonAttribute>;
  block_types?: Record<string, { nesting_mode: string; block: JsonBlock }>;
  description?: string;
  description_kind: "plain" | "markdown";
  deprecated?: true;
}

function description(node: SourceNode | SourceSchema): Pick<JsonBlock, "description" | "description_kind"> {
  if (node.MarkdownDescription) return { description: node.MarkdownDescription, description_kind: "markdown" };
  if (node.Description) return { description: node.Description, description_kind: "plain" };
  return { description_kind: "plain" };
}

function sorted<T>(
  record: Record<string, T> | undefined,
  convert: (value: T, name: string) => unknown,
): Record<string, any> {
  return Object.fromEntries(
    Object.keys(record ?? {})
      .sort()
      .map((name) => [name, convert(record![name], name)]),
  );
}

function attributeType(node: SourceNode): TerraformType {
  if (node.kind in PRIMITIVE_ATTRIBUTE_TYPES) return PRIMITIVE_ATTRIBUTE_TYPES[node.kind];
  if (node.kind in COLLECTION_ATTRIBUTE_TYPES) return [COLLECTION_ATTRIBUTE_TYPES[node.kind], node.ElementType!];
  if (node.kind === "ObjectAttribute") return ["object", node.AttributeTypes!];
  throw new Error(`${node.kind} (line ${node.line}) has no Terraform type`);
}

export function jsonAttribute(node: SourceNode): JsonAttribute {
  const nesting = NESTED_ATTRIBUTE_MODES[node.kind];
  const attributes = node.kind === "SingleNestedAttribute" ? node.Attributes : node.NestedObject?.Attributes;
  return {
    ...(nesting
      ? { nested_type: { attributes: sorted(attributes, jsonAttribute), nesting_mode: nesting } }
      : { type: attributeType(node) }),
    ...description(node),
    ...(node.DeprecationMessage ? { deprecated: true as const } : {}),
    ...(node.Required ? { required: true as const } : {}),
    ...(node.Optional ? { optional: true as const } : {}),
    ...(node.Computed ? { computed: true as const } : {}),
    ...(node.Sensitive ? { sensitive: true as const } : {}),
    ...(node.WriteOnly ? { write_only: true as const } : {}),
  };
}

function jsonBlock(
  node: SourceNode | SourceSchema,
  members: { Attributes?: Record<string, SourceNode>; Blocks?: Record<string, SourceNode> },
): JsonBlock {
  const attributes = sorted(members.Attributes, jsonAttribute);
  const blocks = sorted(members.Blocks, (b: SourceNode) => ({
    nesting_mode:
      BLOCK_MODES[b.kind] ??
      (() => {
        throw new Error(`${b.kind} (line ${b.line}) is not a block`);
      })(),
    block: jsonBlock(b, b.kind === "SingleNestedBlock" ? b : (b.NestedObject ?? {})),
  }));
  return {
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    ...(Object.keys(blocks).length > 0 ? { block_types: blocks } : {}),
    ...description(node),
    ...(node.DeprecationMessage ? { deprecated: true as const } : {}),
  };
}

function jsonSchema(entry: SchemaEntry): { version: number; block: JsonBlock } {
  return { version: entry.schema.Version ?? 0, block: jsonBlock(entry.schema, entry.schema) };
}

/** The `providers schema -json` document for the extract: the provider block and the extracted resources. */
export function schemaFromExtract(extract: SourceExtract): unknown {
  const version = extract.source.tag.replace(/^v/, "");
  return {
    format_version: "1.0",
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: jsonSchema(extract.provider),
        resource_schemas: sorted(extract.resources, jsonSchema),
        data_source_schemas: {},
      },
    },
    provider_versions: { [PROVIDER_ADDRESS]: version },
  };
}

export function readExtract(path = EXTRACT_PATH): SourceExtract {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(
      `cannot read the source-schema extract ${path}; run providers/vercel/extract-source-schema.ts first`,
    );
  }
  try {
    return JSON.parse(text) as SourceExtract;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** The text schema.json must hold: two-space JSON with a final newline. */
export function renderSchema(extract: SourceExtract): string {
  return `${JSON.stringify(schemaFromExtract(extract), null, 2)}\n`;
}

if (require.main === module) {
  try {
    const extractPath = process.argv[2] ?? EXTRACT_PATH;
    writeFileSync(SCHEMA_PATH, renderSchema(readExtract(extractPath)));
    console.log(`wrote ${SCHEMA_PATH} from ${extractPath}`);
  } catch (error) {
    console.error(`generate-schema: ${(error as Error).message}`);
    process.exit(1);
  }
}
