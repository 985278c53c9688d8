/**
 * Writes providers/vercel/schema.json (the format of `terraform providers schema -json`) from the provider's
 * generated documentation (tfplugindocs markdown, vercel/terraform-provider-vercel `docs/`, tag v5.10.0), which
 * lists every attribute with its type, required/optional/read-only, sensitivity, write-only flag and whether a
 * nested object is an attribute (`nestedatt--`) or a block (`nestedblock--`).
 *
 *   npx tsx providers/vercel/docs-to-schema.ts <path to the provider's docs/ at v5.10.0>
 *
 * On a machine with registry access, the authoritative way is instead:
 *   terraform init && terraform providers schema -json > schema.json   (with vercel/vercel pinned to 5.10.0)
 * then keep only the provider block and the resources listed in RESOURCES.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const PROVIDER_ADDRESS = "registry.terraform.io/vercel/vercel";
export const PROVIDER_VERSION = "5.10.0";
export const RESOURCES = ["project", "project_domain", "project_environment_variable", "firewall_config"] as const;

type AttrType = string | [string, AttrType];
interface Attribute { type?: AttrType; nested_type?: NestedType; description?: string; description_kind?: string; required?: boolean; optional?: boolean; computed?: boolean; sensitive?: boolean; write_only?: boolean; deprecated?: boolean }
interface NestedType { attributes: Record<string, Attribute>; nesting_mode: string }
interface Block { attributes: Record<string, Attribute>; block_types: Record<string, { nesting_mode: string; block: Block }>; description_kind: string }

function primitive(text: string): AttrType {
  const m = /^(List|Set|Map) of (.+)$/.exec(text);
  if (m) return [m[1]!.toLowerCase(), primitive(m[2]!)];
  return ({ String: "string", Boolean: "bool", Number: "number", Dynamic: "dynamic" } as Record<string, string>)[text] ?? (() => { throw new Error(`unknown type ${text}`); })();
}

interface Entry { name: string; kind: "required" | "optional" | "read-only"; typeText: string; flags: string[]; description: string; anchor?: string }

/** The entries of one schema section: the lines after "Required:"/"### Optional" etc. up to the next anchor. */
function sectionEntries(lines: readonly string[]): Entry[] {
  const entries: Entry[] = [];
  let kind: Entry["kind"] = "optional";
  for (const line of lines) {
    const heading = /^(?:### )?(Required|Optional|Read-Only):?$/.exec(line.trim());
    if (heading) { kind = heading[1]!.toLowerCase() as Entry["kind"]; continue; }
    const m = /^- `([a-z0-9_]+)` \(([^)]*(?:\([^)]*\))?[^)]*)\)\s*(.*)$/.exec(line);
    if (!m) continue;
    const parts = m[2]!.split(",").map((p) => p.trim());
    const anchor = /\(#(nested(?:att|block)--[a-z0-9_-]+)\)/.exec(m[3]!)?.[1];
    entries.push({ name: m[1]!, kind, typeText: parts[0]!, flags: parts.slice(1).map((f) => f.replace(/^\[([^\]]+)\].*$/, "$1")), description: m[3]!.replace(/^\)\s*/, "").replace(/\s*\(see \[below[^)]*\)\)/, "").trim(), ...(anchor ? { anchor } : {}) });
  }
  return entries;
}

function parseDoc(markdown: string): { top: Entry[]; nested: Map<string, Entry[]> } {
  const schema = markdown.slice(markdown.indexOf("## Schema"));
  const end = schema.search(/\n## (?!Schema)/);
  const body = (end > 0 ? schema.slice(0, end) : schema).split("\n");
  const nested = new Map<string, Entry[]>();
  let current = "top";
  let buffer: string[] = [];
  const flush = () => { nested.set(current, sectionEntries(buffer)); buffer = []; };
  for (const line of body) {
    const anchor = /^<a id="(nested(?:att|block)--[a-z0-9_-]+)"><\/a>$/.exec(line.trim());
    if (anchor) { flush(); current = anchor[1]!; continue; }
    buffer.push(line);
  }
  flush();
  return { top: nested.get("top") ?? [], nested };
}

function nestingMode(typeText: string): string {
  if (/List/.test(typeText)) return "list";
  if (/Set/.test(typeText)) return "set";
  if (/Map/.test(typeText)) return "map";
  return "single";
}

function buildBlock(entries: readonly Entry[], nested: Map<string, Entry[]>): Block {
  const block: Block = { attributes: {}, block_types: {}, description_kind: "markdown" };
  for (const e of entries) {
    const presence = e.kind === "required" ? { required: true } : e.kind === "optional" ? { optional: true } : { computed: true };
    const extra = {
      ...(e.description ? { description: e.description, description_kind: "markdown" } : {}),
      ...(e.flags.includes("Sensitive") ? { sensitive: true } : {}),
      ...(e.flags.includes("Write-only") ? { write_only: true } : {}),
      ...(e.flags.includes("Deprecated") ? { deprecated: true } : {}),
    };
    if (e.typeText.startsWith("Block")) {
      const inner = buildBlock(nested.get(e.anchor!) ?? [], nested);
      block.block_types[e.name] = { nesting_mode: nestingMode(e.typeText), block: inner };
    } else if (e.typeText.startsWith("Attributes")) {
      const inner = buildBlock(nested.get(e.anchor!) ?? [], nested);
      block.attributes[e.name] = { nested_type: { attributes: inner.attributes, nesting_mode: nestingMode(e.typeText) }, ...presence, ...extra };
    } else {
      block.attributes[e.name] = { type: primitive(e.typeText), ...presence, ...extra };
    }
  }
  return block;
}

export function schemaFromDocs(docsDir: string): unknown {
  const block = (file: string) => {
    const { top, nested } = parseDoc(readFileSync(join(docsDir, file), "utf8"));
    return { version: 0, block: buildBlock(top, nested) };
  };
  return {
    format_version: "1.0",
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: block("index.md"),
        resource_schemas: Object.fromEntries(RESOURCES.map((r) => [`vercel_${r}`, block(`resources/${r}.md`)])),
        data_source_schemas: {},
      },
    },
    provider_versions: { [PROVIDER_ADDRESS]: PROVIDER_VERSION },
  };
}

if (require.main === module) {
  const docs = process.argv[2];
  if (!docs) { console.error("usage: docs-to-schema.ts <docs dir>"); process.exit(1); }
  writeFileSync(join(__dirname, "schema.json"), `${JSON.stringify(schemaFromDocs(docs), null, 2)}\n`);
}
