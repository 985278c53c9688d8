/**
 * Writes providers/vercel/source-schema.v5.10.0.json: the schemas vercel/terraform-provider-vercel declares in its
 * Go source (terraform-plugin-framework `schema.Schema{...}` literals) for the provider block and the resources
 * this project uses, field by field as declared. providers/vercel/generate-schema.ts turns that extract into
 * schema.json, so the bindings follow what the provider declares rather than what its docs list.
 *
 *   git clone https://github.com/vercel/terraform-provider-vercel /tmp/tpv && git -C /tmp/tpv checkout v5.10.0
 *   npm run schema:vercel:extract -- /tmp/tpv      (then npm run schema:vercel)
 *
 * The checkout must be a clean git work tree at the tag (the commit goes into the extract). Nothing from the
 * checkout is copied into this repository but the extract. The reader understands only the literal forms the
 * provider uses; any other field or expression is an error naming file and line, never a guess.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { exprText, GoPackage, GoSourceError, type Expr } from "./go-source";
import {
  EXTRACT_PATH,
  PROVIDER_TYPE_NAME,
  RESOURCES,
  SOURCE_REPOSITORY,
  SOURCE_TAG,
  BLOCK_MODES,
  COLLECTION_ATTRIBUTE_TYPES,
  NESTED_ATTRIBUTE_MODES,
  PRIMITIVE_ATTRIBUTE_TYPES,
} from "./source-schema";
import type { SchemaEntry, SourceExtract, SourceNode, SourceSchema, TerraformType } from "./source-schema";

const FRAMEWORK = "github.com/hashicorp/terraform-plugin-framework";
const TYPES_PACKAGES = [`${FRAMEWORK}/types`, `${FRAMEWORK}/types/basetypes`];
const PACKAGE_DIR = "vercel";

const ABOUT =
  "The schemas vercel/terraform-provider-vercel declares in Go (terraform-plugin-framework) for its provider block and the resources this project uses, " +
  "written by providers/vercel/extract-source-schema.ts from a checkout of the tag below; providers/vercel/generate-schema.ts turns it into schema.json. " +
  "Capitalised keys are framework fields exactly as the source declares them (a field not declared is absent). Lower-case keys are the extractor's: " +
  "kind (the framework type), line (where it is declared in its file), otherFields (declared fields that do not shape the schema Terraform sees: " +
  "validators, plan modifiers, defaults), suppliedBy (the helper function or package variable that supplied a field). Types are in the JSON form of " +
  "`terraform providers schema -json`.";

const BOOL_FIELDS = ["Required", "Optional", "Computed", "Sensitive", "WriteOnly"] as const;
const STRING_FIELDS = ["Description", "MarkdownDescription", "DeprecationMessage"] as const;
/** Fields that carry behaviour, not shape: the schema Terraform receives is the same with or without them. */
const BEHAVIOUR_FIELDS = ["Validators", "PlanModifiers", "Default"];
const PRIMITIVE_TYPES: Record<string, string> = {
  StringType: "string",
  BoolType: "bool",
  Int64Type: "number",
  Int32Type: "number",
  Float64Type: "number",
  Float32Type: "number",
  NumberType: "number",
  DynamicType: "dynamic",
};

/** Evaluates schema literals in the context of one file (its imports decide what `schema` and `types` name). */
class SchemaReader {
  readonly usedFiles = new Set<string>();

  constructor(
    private readonly pkg: GoPackage,
    private readonly schemaPackage: string,
  ) {}

  private fail(file: string, e: Expr, message: string): never {
    throw new GoSourceError(file, e.line, message);
  }

  /** The framework type a composite literal's type names, checking that `schema` is the expected package. */
  private schemaKind(file: string, e: Expr): string {
    if (e.k !== "composite" || !e.type) this.fail(file, e, `expected a schema literal, found ${exprText(e)}`);
    const [alias, name] = e.type.split(".");
    if (!name || this.pkg.imports.get(file)?.get(alias) !== this.schemaPackage)
      this.fail(file, e, `${e.type} is not a type of ${this.schemaPackage}`);
    return name;
  }

  private fields(file: string, e: Expr): Map<string, Expr> {
    if (e.k !== "composite") this.fail(file, e, "expected a composite literal");
    const out = new Map<string, Expr>();
    for (const el of e.elements) {
      if (el.key?.k !== "ident") this.fail(file, e, "expected keyed fields");
      out.set(el.key.name, el.value);
    }
    return out;
  }

  string(file: string, e: Expr): string {
    if (e.k === "string") return e.value;
    if (e.k === "binary" && e.op === "+") return this.string(file, e.left) + this.string(file, e.right);
    if (e.k === "ident") {
      const d = this.pkg.values.get(e.name) ?? this.fail(file, e, `${e.name} is not a package-level constant`);
      this.usedFiles.add(d.file);
      return this.string(d.file, this.pkg.parserAt(d).parseExpr());
    }
    return this.fail(file, e, `cannot evaluate ${exprText(e)} as a string`);
  }

  private bool(file: string, e: Expr): boolean {
    if (e.k === "ident" && (e.name === "true" || e.name === "false")) return e.name === "true";
    return this.fail(file, e, `cannot evaluate ${exprText(e)} as a constant bool`);
  }

  /** A framework attr.Type value (types.StringType, types.SetType{ElemType: ...}, a package variable) as a Terraform type. */
  type(file: string, e: Expr, from?: Record<string, string>, field?: string): TerraformType {
    if (e.k === "ident") {
      const d = this.pkg.values.get(e.name) ?? this.fail(file, e, `${e.name} is not a package-level variable`);
      this.usedFiles.add(d.file);
      if (from && field) from[field] = `${e.name} (${d.file}:${d.tokens[d.at].line})`;
      return this.type(d.file, this.pkg.parserAt(d).parseExpr());
    }
    const name =
      e.k === "selector"
        ? exprText(e)
        : e.k === "composite" && e.type
          ? e.type
          : this.fail(file, e, `cannot read ${exprText(e)} as a type`);
    const [alias, typeName] = name.split(".");
    if (!typeName || !TYPES_PACKAGES.includes(this.pkg.imports.get(file)?.get(alias) ?? ""))
      this.fail(file, e, `${name} is not a framework type`);
    const fields = e.k === "composite" ? this.fields(file, e) : new Map<string, Expr>();
    if (typeName in PRIMITIVE_TYPES && fields.size === 0) return PRIMITIVE_TYPES[typeName];
    const collection = { ListType: "list", SetType: "set", MapType: "map" }[typeName];
    if (collection && fields.size === 1 && fields.has("ElemType"))
      return [collection, this.type(file, fields.get("ElemType")!)];
    if (typeName === "ObjectType" && fields.size === 1 && fields.has("AttrTypes"))
      return ["object", this.typeMap(file, fields.get("AttrTypes")!)];
    return this.fail(file, e, `unsupported type ${exprText(e)}`);
  }

  private typeMap(file: string, e: Expr): Record<string, TerraformType> {
    if (e.k !== "composite" || !e.type?.startsWith("map[string]"))
      this.fail(file, e, "expected a map[string]attr.Type literal");
    return Object.fromEntries(e.elements.map((el) => [this.string(file, el.key!), this.type(file, el.value)]));
  }

  /**
   * A `map[string]schema.Attribute{...}` (or Block) literal, or a call to a package function that returns one.
   * Keys keep their source order.
   */
  private members(
    file: string,
    e: Expr,
    element: "Attribute" | "Block",
    from: Record<string, string>,
    field: string,
  ): Record<string, SourceNode> {
    if (e.k === "call" && e.fn.k === "ident" && e.args.length === 0) {
      const d = this.pkg.functions.get(e.fn.name) ?? this.fail(file, e, `${e.fn.name} is not a package function`);
      this.usedFiles.add(d.file);
      from[field] = `${e.fn.name}() (${d.file}:${d.tokens[d.at].line})`;
      const parser = this.pkg.parserAt(d);
      parser.skipGroup();
      const result = parser.parseType();
      if (result !== `map[string]schema.${element}`)
        parser.fail(`${e.fn.name} returns ${result}, not map[string]schema.${element}`);
      parser.pos++; // {
      if (parser.tokens[parser.pos]?.value !== "return")
        parser.fail(`${e.fn.name} must consist of a single return of a literal`);
      parser.pos++;
      return this.members(d.file, parser.parseExpr(), element, {}, field);
    }
    if (e.k !== "composite" || e.type !== `map[string]schema.${element}`)
      this.fail(file, e, `expected map[string]schema.${element}, found ${exprText(e)}`);
    const out: Record<string, SourceNode> = {};
    for (const el of e.elements) {
      const name = this.string(file, el.key ?? this.fail(file, e, "expected a keyed map"));
      if (name in out) this.fail(file, el.value, `${name} declared twice`);
      out[name] = element === "Attribute" ? this.attribute(file, el.value) : this.block(file, el.value);
    }
    return out;
  }

  /** Copies the shape-neutral fields every node may declare; returns the fields still to handle. */
  private common(file: string, fields: Map<string, Expr>, node: SourceNode | SourceSchema): Map<string, Expr> {
    const rest = new Map(fields);
    for (const f of BOOL_FIELDS)
      if (rest.has(f)) {
        (node as SourceNode)[f] = this.bool(file, rest.get(f)!);
        rest.delete(f);
      }
    for (const f of STRING_FIELDS)
      if (rest.has(f)) {
        node[f] = this.string(file, rest.get(f)!);
        rest.delete(f);
      }
    const other = [...rest.keys()].filter((f) => BEHAVIOUR_FIELDS.includes(f));
    if (other.length > 0) node.otherFields = other.sort();
    for (const f of other) rest.delete(f);
    return rest;
  }

  private object(
    file: string,
    e: Expr,
    kind: "NestedAttributeObject" | "NestedBlockObject",
    from: Record<string, string>,
  ): NonNullable<SourceNode["NestedObject"]> {
    if (this.schemaKind(file, e) !== kind) this.fail(file, e, `expected schema.${kind}`);
    const rest = new Map(this.fields(file, e));
    const out: NonNullable<SourceNode["NestedObject"]> = {};
    const other = [...rest.keys()].filter((f) => BEHAVIOUR_FIELDS.includes(f));
    for (const f of other) rest.delete(f);
    if (rest.has("Attributes")) {
      out.Attributes = this.members(file, rest.get("Attributes")!, "Attribute", from, "NestedObject.Attributes");
      rest.delete("Attributes");
    }
    if (kind === "NestedBlockObject" && rest.has("Blocks")) {
      out.Blocks = this.members(file, rest.get("Blocks")!, "Block", from, "NestedObject.Blocks");
      rest.delete("Blocks");
    }
    if (other.length > 0) out.otherFields = other.sort();
    this.rejectRest(file, e, rest, kind);
    return out;
  }

  private rejectRest(file: string, e: Expr, rest: Map<string, Expr>, kind: string): void {
    if (rest.size > 0)
      this.fail(
        file,
        e,
        `schema.${kind} declares ${[...rest.keys()].join(", ")}, which this extractor does not understand`,
      );
  }

  /** Reads one attribute or block: the fields any node may declare here, the kind-specific ones in `shape`. */
  private node(
    file: string,
    e: Expr,
    shape: (
      kind: string,
      need: (field: string) => Expr,
      has: (field: string) => Expr | undefined,
      node: SourceNode,
      from: Record<string, string>,
    ) => void,
  ): SourceNode {
    const kind = this.schemaKind(file, e);
    const node: SourceNode = { kind, line: e.line };
    const from: Record<string, string> = {};
    const rest = this.common(file, this.fields(file, e), node);
    const has = (field: string) => {
      const value = rest.get(field);
      rest.delete(field);
      return value;
    };
    const need = (field: string) => has(field) ?? this.fail(file, e, `${kind} without ${field}`);
    shape(kind, need, has, node, from);
    this.rejectRest(file, e, rest, kind);
    if (Object.keys(from).length > 0) node.suppliedBy = from;
    return node;
  }

  attribute(file: string, e: Expr): SourceNode {
    return this.node(file, e, (kind, need, _has, node, from) => {
      if (kind in PRIMITIVE_ATTRIBUTE_TYPES) return;
      if (kind in COLLECTION_ATTRIBUTE_TYPES)
        node.ElementType = this.type(file, need("ElementType"), from, "ElementType");
      else if (kind === "ObjectAttribute") node.AttributeTypes = this.typeMap(file, need("AttributeTypes"));
      else if (kind === "SingleNestedAttribute")
        node.Attributes = this.members(file, need("Attributes"), "Attribute", from, "Attributes");
      else if (kind in NESTED_ATTRIBUTE_MODES)
        node.NestedObject = this.object(file, need("NestedObject"), "NestedAttributeObject", from);
      else this.fail(file, e, `schema.${kind} is not an attribute type this extractor knows`);
    });
  }

  block(file: string, e: Expr): SourceNode {
    return this.node(file, e, (kind, need, has, node, from) => {
      for (const f of BOOL_FIELDS) if (f in node) this.fail(file, e, `a block cannot declare ${f}`);
      if (kind === "SingleNestedBlock") {
        const attributes = has("Attributes");
        const blocks = has("Blocks");
        if (attributes) node.Attributes = this.members(file, attributes, "Attribute", from, "Attributes");
        if (blocks) node.Blocks = this.members(file, blocks, "Block", from, "Blocks");
      } else if (kind in BLOCK_MODES) {
        node.NestedObject = this.object(file, need("NestedObject"), "NestedBlockObject", from);
      } else {
        this.fail(file, e, `schema.${kind} is not a block type this extractor knows`);
      }
    });
  }

  schema(file: string, e: Expr): SourceSchema {
    if (this.schemaKind(file, e) !== "Schema") this.fail(file, e, "expected schema.Schema");
    const node: SourceSchema = { kind: "Schema", line: e.line };
    const rest = this.common(file, this.fields(file, e), node);
    const take = (f: string) => {
      const v = rest.get(f);
      rest.delete(f);
      return v;
    };
    const version = take("Version");
    if (version)
      node.Version =
        version.k === "number" ? Number(version.text) : this.fail(file, version, "Version must be a number literal");
    const attributes = take("Attributes");
    const blocks = take("Blocks");
    if (attributes) node.Attributes = this.members(file, attributes, "Attribute", {}, "Attributes");
    if (blocks) node.Blocks = this.members(file, blocks, "Block", {}, "Blocks");
    this.rejectRest(file, e, rest, "Schema");
    return node;
  }
}

/** Receivers whose Metadata method takes `<kind>.MetadataRequest`, by the type name they register. */
function typeNames(pkg: GoPackage, kind: "provider" | "resource"): Map<string, string> {
  const out = new Map<string, string>();
  for (const [method, d] of pkg.methods) {
    if (!method.endsWith(".Metadata")) continue;
    const params = pkg.parametersOf(method);
    const alias = /(\w+) \. MetadataRequest/.exec(params)?.[1];
    if (!alias || pkg.imports.get(d.file)?.get(alias) !== `${FRAMEWORK}/${kind}`) continue;
    const { expr } = pkg.assignmentIn(method, "TypeName");
    // Resources register `req.ProviderTypeName + "_x"`; the provider registers its name directly.
    const value = (e: Expr): string =>
      e.k === "string"
        ? e.value
        : e.k === "binary" && e.op === "+"
          ? value(e.left) + value(e.right)
          : e.k === "selector" && e.name === "ProviderTypeName"
            ? PROVIDER_TYPE_NAME
            : (() => {
                throw new GoSourceError(d.file, e.line, `cannot evaluate the type name ${exprText(e)}`);
              })();
    out.set(value(expr), method.slice(0, -".Metadata".length));
  }
  return out;
}

function entry(pkg: GoPackage, receiver: string, kind: "provider" | "resource", used: Set<string>): SchemaEntry {
  const method = `${receiver}.Schema`;
  const d =
    pkg.methods.get(method) ??
    (() => {
      throw new Error(`${receiver} has no Schema method`);
    })();
  const schemaPackage = `${FRAMEWORK}/${kind}/schema`;
  const reader = new SchemaReader(pkg, schemaPackage);
  const { expr } = pkg.assignmentIn(method, "Schema");
  const schema = reader.schema(d.file, expr);
  used.add(d.file);
  for (const f of reader.usedFiles) used.add(f);
  return { receiver, file: d.file, package: schemaPackage, schema };
}

function git(checkout: string, ...args: string[]): string {
  return execFileSync("git", ["-C", checkout, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** The commit of a clean checkout at SOURCE_TAG; throws a one-line reason otherwise. */
function checkedOutCommit(checkout: string): string {
  let commit: string;
  try {
    commit = git(checkout, "rev-parse", "HEAD");
  } catch {
    throw new Error(`${checkout} is not a git checkout of ${SOURCE_REPOSITORY}`);
  }
  if (!git(checkout, "tag", "--points-at", "HEAD").split("\n").includes(SOURCE_TAG))
    throw new Error(
      `${checkout} is at ${commit}, not at tag ${SOURCE_TAG}; run git -C ${checkout} checkout ${SOURCE_TAG}`,
    );
  if (git(checkout, "status", "--porcelain", "--untracked-files=no") !== "")
    throw new Error(`${checkout} has local changes; the extract must describe the tag as released`);
  return commit;
}

export function extractSourceSchema(checkout: string): SourceExtract {
  if (!existsSync(join(checkout, PACKAGE_DIR, "provider.go")))
    throw new Error(
      `${checkout} has no ${PACKAGE_DIR}/provider.go; give the root of a terraform-provider-vercel checkout`,
    );
  const commit = checkedOutCommit(checkout);
  const framework = /^\s*github\.com\/hashicorp\/terraform-plugin-framework (v\S+)/m.exec(
    readFileSync(join(checkout, "go.mod"), "utf8"),
  )?.[1];
  if (!framework) throw new Error(`${checkout}/go.mod does not require ${FRAMEWORK}`);
  const pkg = new GoPackage(checkout, PACKAGE_DIR);
  const providers = typeNames(pkg, "provider");
  const resources = typeNames(pkg, "resource");
  const used = new Set<string>(["go.mod"]);
  const providerReceiver =
    providers.get(PROVIDER_TYPE_NAME) ??
    (() => {
      throw new Error(`no provider registers the name ${PROVIDER_TYPE_NAME}`);
    })();
  const provider = entry(pkg, providerReceiver, "provider", used);
  const resourceEntries = Object.fromEntries(
    RESOURCES.map((name) => {
      const receiver =
        resources.get(name) ??
        (() => {
          throw new Error(`no resource registers the name ${name}`);
        })();
      return [name, entry(pkg, receiver, "resource", used)];
    }),
  );
  return {
    about: ABOUT,
    source: {
      repository: SOURCE_REPOSITORY,
      tag: SOURCE_TAG,
      commit,
      framework: `${FRAMEWORK} ${framework}`,
      files: [...used].sort(),
    },
    provider,
    resources: resourceEntries,
  };
}

if (require.main === module) {
  const checkout = process.argv[2];
  if (!checkout) {
    console.error(
      "usage: npx tsx providers/vercel/extract-source-schema.ts <terraform-provider-vercel checkout at v5.10.0>",
    );
    process.exit(2);
  }
  try {
    const extract = extractSourceSchema(resolve(checkout));
    writeFileSync(EXTRACT_PATH, `${JSON.stringify(extract, null, 2)}\n`);
    console.log(`wrote ${EXTRACT_PATH} from ${SOURCE_TAG} (${extract.source.commit})`);
  } catch (error) {
    console.error(`extract-source-schema: ${(error as Error).message}`);
    process.exit(1);
  }
}
