/**
 * The format of providers/vercel/source-schema.v5.10.0.json, the checked-in extract of the schemas the Vercel
 * provider declares in its Go source, and which provider release and resources it covers. Shared by the
 * extractor (extract-source-schema.ts), the schema.json generator (generate-schema.ts) and the tests.
 */
import { join } from "node:path";

export const SOURCE_REPOSITORY = "https://github.com/vercel/terraform-provider-vercel";
export const SOURCE_TAG = "v5.10.0";
export const PROVIDER_TYPE_NAME = "vercel";
export const RESOURCES = [
  "vercel_project",
  "vercel_project_domain",
  "vercel_project_environment_variable",
  "vercel_firewall_config",
] as const;
export const EXTRACT_PATH = join(__dirname, `source-schema.${SOURCE_TAG}.json`);

/** A Terraform type in the JSON form `providers schema -json` uses: "string", ["set", "string"], ["object", {...}]. */
export type TerraformType = string | [string, TerraformType] | ["object", Record<string, TerraformType>];

/** What a schema, an attribute and a block may all declare. */
interface Declared {
  readonly line: number;
  Description?: string;
  MarkdownDescription?: string;
  DeprecationMessage?: string;
  /** SingleNestedAttribute, SingleNestedBlock and the Schema itself. */
  Attributes?: Record<string, SourceNode>;
  Blocks?: Record<string, SourceNode>;
  /** Declared fields that do not shape the schema Terraform sees (validators, plan modifiers, defaults). */
  otherFields?: string[];
}

/** One attribute or block as declared. Capitalised keys are framework fields; lower-case keys are the extractor's. */
export interface SourceNode extends Declared {
  /** The framework type: StringAttribute, SetNestedAttribute, SingleNestedBlock, ... */
  readonly kind: string;
  Required?: boolean;
  Optional?: boolean;
  Computed?: boolean;
  Sensitive?: boolean;
  WriteOnly?: boolean;
  ElementType?: TerraformType;
  AttributeTypes?: Record<string, TerraformType>;
  /** List/Set/MapNestedAttribute (NestedAttributeObject) and List/SetNestedBlock (NestedBlockObject). */
  NestedObject?: {
    Attributes?: Record<string, SourceNode>;
    Blocks?: Record<string, SourceNode>;
    otherFields?: string[];
  };
  /** Where a helper function or package variable supplied a field's value. */
  suppliedBy?: Record<string, string>;
}

export interface SourceSchema extends Declared {
  readonly kind: "Schema";
  Version?: number;
}

export interface SchemaEntry {
  /** The Go type whose Schema method declares it, and the file of that method. */
  readonly receiver: string;
  readonly file: string;
  /** The framework package the `schema` identifier names there (provider/schema or resource/schema). */
  readonly package: string;
  readonly schema: SourceSchema;
}

export interface SourceExtract {
  readonly about: string;
  readonly source: {
    readonly repository: string;
    readonly tag: string;
    readonly commit: string;
    readonly framework: string;
    readonly files: readonly string[];
  };
  readonly provider: SchemaEntry;
  readonly resources: Record<string, SchemaEntry>;
}

/** The Terraform type of each framework primitive attribute kind (Int64Attribute and friends are all "number"). */
export const PRIMITIVE_ATTRIBUTE_TYPES: Readonly<Record<string, string>> = {
  StringAttribute: "string",
  BoolAttribute: "bool",
  Int64Attribute: "number",
  Int32Attribute: "number",
  Float64Attribute: "number",
  Float32Attribute: "number",
  NumberAttribute: "number",
  DynamicAttribute: "dynamic",
};

/** The Terraform type of each framework collection attribute kind, around its ElementType. */
export const COLLECTION_ATTRIBUTE_TYPES: Readonly<Record<string, string>> = {
  ListAttribute: "list",
  SetAttribute: "set",
  MapAttribute: "map",
};

/** The nesting mode of each framework nested-attribute kind (→ `nested_type`) and block kind (→ `block_types`). */
export const NESTED_ATTRIBUTE_MODES: Readonly<Record<string, string>> = {
  SingleNestedAttribute: "single",
  ListNestedAttribute: "list",
  SetNestedAttribute: "set",
  MapNestedAttribute: "map",
};
export const BLOCK_MODES: Readonly<Record<string, string>> = {
  SingleNestedBlock: "single",
  ListNestedBlock: "list",
  SetNestedBlock: "set",
};
