/**
 * providers/vercel/schema.json is exactly what generate-schema.ts makes of the checked-in extract of the provider's
 * Go source (vercel/terraform-provider-vercel v5.10.0), and it carries what the provider declares: optional+computed
 * attributes are computed, deprecations, sensitive and write-only values, plain vs markdown descriptions, nested
 * attributes vs blocks. The facts below were read from the Go source at the tag, not from the docs.
 */
import { readFileSync } from "node:fs";
import schema from "../../providers/vercel/schema.json";
import {
  jsonAttribute,
  PROVIDER_ADDRESS,
  readExtract,
  renderSchema,
  SCHEMA_PATH,
  schemaFromExtract,
} from "../../providers/vercel/generate-schema";
import { RESOURCES, SOURCE_TAG, type SourceNode } from "../../providers/vercel/source-schema";

const vercel = (schema as any).provider_schemas[PROVIDER_ADDRESS];
const resource = (name: string) => vercel.resource_schemas[name].block;

/** Every attribute and block below a block, as dotted paths, with what schema.json says of it. */
function flatten(block: any, prefix = ""): Map<string, any> {
  const out = new Map<string, any>();
  for (const [name, a] of Object.entries<any>(block.attributes ?? {})) {
    out.set(prefix + name, a);
    if (a.nested_type) for (const [p, v] of flatten(a.nested_type, `${prefix}${name}.`)) out.set(p, v);
  }
  for (const [name, b] of Object.entries<any>(block.block_types ?? {})) {
    out.set(prefix + name, { block: true, ...b });
    for (const [p, v] of flatten(b.block, `${prefix}${name}.`)) out.set(p, v);
  }
  return out;
}
const everywhere = new Map<string, any>([
  ...[...flatten(vercel.provider.block)].map(([p, v]) => [`provider.${p}`, v] as const),
  ...RESOURCES.flatMap((r) => [...flatten(resource(r))].map(([p, v]) => [`${r}.${p}`, v] as const)),
]);
const paths = (pick: (a: any) => boolean) =>
  [...everywhere]
    .filter(([, a]) => pick(a))
    .map(([p]) => p)
    .sort();

/** Attributes the provider declares `Optional: true, Computed: true` (the docs list them under "Optional" only). */
const OPTIONAL_COMPUTED = [
  "vercel_firewall_config.enabled",
  "vercel_firewall_config.rules.rule.condition_group.conditions.neg",
  "vercel_firewall_config.team_id",
  ...[
    "auto_assign_custom_domains",
    "automatically_expose_system_environment_variables",
    "build_machine_type",
    "customer_success_code_visibility",
    "directory_listing",
    "enable_affected_projects_deployments",
    "enable_preview_feedback",
    "enable_production_feedback",
    "environment.comment",
    "environment.custom_environment_ids",
    "environment.target",
    "function_failover",
    "git_fork_protection",
    "git_lfs",
    "git_provider_options",
    "git_provider_options.consolidated_git_commit_status",
    "git_provider_options.create_deployments",
    "git_provider_options.git_commit_status",
    "git_provider_options.repository_dispatch_events",
    "git_provider_options.require_verified_commits",
    "git_repository.production_branch",
    "node_version",
    "oidc_token_config",
    "oidc_token_config.issuer_mode",
    "on_demand_concurrent_builds",
    "preview_comments",
    "preview_deployments_disabled",
    "prioritise_production_builds",
    "protected_sourcemaps",
    "resource_config",
    "resource_config.fluid",
    "resource_config.function_default_cpu_type",
    "resource_config.function_default_regions",
    "resource_config.function_default_timeout",
    "serverless_function_region",
    "team_id",
    "trusted_ips.protection_mode",
    "vercel_authentication",
    "vercel_authentication.deployment_type",
  ].map((p) => `vercel_project.${p}`),
  "vercel_project_domain.team_id",
  ...["comment", "custom_environment_ids", "target", "team_id"].map((p) => `vercel_project_environment_variable.${p}`),
].sort();

describe("schema.json and the source extract", () => {
  const extract = readExtract();

  test("schema.json is what generate-schema.ts makes of the extract, byte for byte", () => {
    expect(JSON.parse(readFileSync(SCHEMA_PATH, "utf8"))).toEqual(schemaFromExtract(extract));
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(renderSchema(extract));
  });

  test("the extract names the repository, tag v5.10.0, its commit and the Go files it was read from", () => {
    expect(extract.source).toEqual({
      repository: "https://github.com/vercel/terraform-provider-vercel",
      tag: SOURCE_TAG,
      commit: "c8a6711c565ff6817a7d8ff0ad5d3de2331c0d40",
      framework: "github.com/hashicorp/terraform-plugin-framework v1.17.0",
      files: [
        "go.mod",
        "vercel/provider.go",
        "vercel/resource_firewall_config.go",
        "vercel/resource_project.go",
        "vercel/resource_project_domain.go",
        "vercel/resource_project_environment_variable.go",
      ],
    });
    expect(
      Object.fromEntries(Object.entries(extract.resources).map(([name, e]) => [name, `${e.receiver} ${e.file}`])),
    ).toEqual({
      vercel_project: "projectResource vercel/resource_project.go",
      vercel_project_domain: "projectDomainResource vercel/resource_project_domain.go",
      vercel_project_environment_variable:
        "projectEnvironmentVariableResource vercel/resource_project_environment_variable.go",
      vercel_firewall_config: "firewallConfigResource vercel/resource_firewall_config.go",
    });
  });

  test("is in the format of `terraform providers schema -json` for vercel/vercel 5.10.0, with the four resources the stacks use", () => {
    expect(schema.format_version).toBe("1.0");
    expect((schema as any).provider_versions).toEqual({ [PROVIDER_ADDRESS]: "5.10.0" });
    expect(Object.keys(vercel.resource_schemas)).toEqual([...RESOURCES].sort());
  });
});

describe("what the provider declares, as schema.json carries it", () => {
  test("all 47 optional+computed attributes are optional and computed, and no other attribute is both", () => {
    expect(paths((a) => a.optional && a.computed)).toEqual(OPTIONAL_COMPUTED);
  });

  test("the provider block has optional api_token (sensitive) and team", () => {
    expect(vercel.provider.block.attributes).toEqual({
      api_token: expect.objectContaining({ type: "string", optional: true, sensitive: true }),
      team: expect.objectContaining({ type: "string", optional: true }),
    });
    expect(vercel.provider.block.attributes.team.sensitive).toBeUndefined();
  });

  test("bot_filter is a deprecated block and bot_protection, its replacement, is not", () => {
    const rulesets = resource("vercel_firewall_config").block_types.managed_rulesets.block.block_types;
    expect(rulesets.bot_filter.block.deprecated).toBe(true);
    expect(rulesets.bot_protection.block.deprecated).toBeUndefined();
  });

  test("deprecated attributes are exactly preview_comments, public_source and serverless_function_region", () => {
    expect(paths((a) => a.deprecated && !a.block)).toEqual([
      "vercel_project.preview_comments",
      "vercel_project.public_source",
      "vercel_project.serverless_function_region",
    ]);
  });

  test("value_wo is write-only and sensitive, value is sensitive but stored; nothing else is write-only", () => {
    const attrs = resource("vercel_project_environment_variable").attributes;
    expect(attrs.value_wo).toMatchObject({ type: "string", optional: true, sensitive: true, write_only: true });
    expect(attrs.value).toMatchObject({ type: "string", optional: true, sensitive: true });
    expect(attrs.value.write_only).toBeUndefined();
    expect(attrs.value_wo_version).toMatchObject({ type: "number", optional: true });
    expect(paths((a) => a.write_only)).toEqual(["vercel_project_environment_variable.value_wo"]);
  });

  test("sensitive values: the API token, env values, deploy hook URLs, the preview password and trusted IP addresses", () => {
    expect(paths((a) => a.sensitive)).toEqual([
      "provider.api_token",
      "vercel_project.environment.value",
      "vercel_project.git_repository.deploy_hooks.url",
      "vercel_project.password_protection.password",
      "vercel_project.trusted_ips.addresses.value",
      "vercel_project_environment_variable.value",
      "vercel_project_environment_variable.value_wo",
    ]);
  });

  test("vercel_project_environment_variable: key, project_id and sensitive required; target a computed set of strings", () => {
    const attrs = resource("vercel_project_environment_variable").attributes;
    expect(Object.keys(attrs).filter((n) => attrs[n].required)).toEqual(["key", "project_id", "sensitive"]);
    expect(attrs.target).toMatchObject({ type: ["set", "string"], optional: true, computed: true });
    expect(attrs.id).toMatchObject({ type: "string", computed: true });
  });

  test("vercel_project_domain: redirect is a plain optional string, so it can take another domain's reference", () => {
    const attrs = resource("vercel_project_domain").attributes;
    expect(attrs.redirect).toEqual({
      type: "string",
      description: "The domain name that serves as a target destination for redirects.",
      description_kind: "plain",
      optional: true,
    });
    expect(attrs.domain).toMatchObject({ type: "string", required: true });
    expect(attrs.redirect_status_code.type).toBe("number");
    expect(attrs.verification.nested_type.nesting_mode).toBe("list");
    expect(attrs.id.description).toBeUndefined();
  });

  test("vercel_project has only nested attributes, no blocks; git_repository is a single nested attribute", () => {
    const block = resource("vercel_project");
    expect(block.block_types).toBeUndefined();
    expect(block.attributes.git_repository.nested_type.nesting_mode).toBe("single");
    expect(Object.keys(block.attributes.git_repository.nested_type.attributes)).toEqual([
      "deploy_hooks",
      "production_branch",
      "repo",
      "type",
    ]);
    expect(block.attributes.environment.nested_type.nesting_mode).toBe("set");
    expect(
      block.attributes.trusted_sources.nested_type.attributes.external_sources.nested_type.attributes.claims.type,
    ).toEqual(["map", ["set", "string"]]);
  });

  test("vercel_firewall_config keeps managed_rulesets, rules and ip_rules as single blocks and rule as a list block of nested attributes", () => {
    const block = resource("vercel_firewall_config");
    expect(Object.fromEntries(Object.entries<any>(block.block_types).map(([n, b]) => [n, b.nesting_mode]))).toEqual({
      ip_rules: "single",
      managed_rulesets: "single",
      rules: "single",
    });
    const rule = block.block_types.rules.block.block_types.rule;
    expect(rule.nesting_mode).toBe("list");
    expect(rule.block.attributes.action.nested_type.nesting_mode).toBe("single");
    expect(rule.block.attributes.condition_group.nested_type.nesting_mode).toBe("list");
    expect(
      block.block_types.managed_rulesets.block.block_types.owasp.block.attributes.xss.nested_type.nesting_mode,
    ).toBe("single");
  });

  test("descriptions keep their kind: Description is plain, git_provider_options' MarkdownDescription is markdown", () => {
    expect(paths((a) => (a.block ? a.block : a).description_kind === "markdown")).toEqual([
      "vercel_project.git_provider_options",
      "vercel_project.git_provider_options.consolidated_git_commit_status",
      "vercel_project.git_provider_options.consolidated_git_commit_status.enabled",
      "vercel_project.git_provider_options.consolidated_git_commit_status.propagate_failures",
      "vercel_project.git_provider_options.create_deployments",
      "vercel_project.git_provider_options.git_commit_status",
      "vercel_project.git_provider_options.repository_dispatch_events",
      "vercel_project.git_provider_options.require_verified_commits",
    ]);
    expect(resource("vercel_project_domain").description).toMatch(/^\nProvides a Project Domain resource\./);
    expect(resource("vercel_project_domain").description_kind).toBe("plain");
  });
});

describe("generate-schema: how a declared field becomes schema.json", () => {
  const node = (fields: Partial<SourceNode>): SourceNode => ({ kind: "StringAttribute", line: 1, ...fields });

  test("MarkdownDescription wins over Description and makes the kind markdown", () => {
    expect(jsonAttribute(node({ Optional: true, Description: "plain text", MarkdownDescription: "**md**" }))).toEqual({
      type: "string",
      description: "**md**",
      description_kind: "markdown",
      optional: true,
    });
  });

  test("a DeprecationMessage becomes deprecated: true, and flags declared false are left out like Terraform does", () => {
    expect(
      jsonAttribute(node({ Required: false, Optional: true, Computed: false, DeprecationMessage: "use y" })),
    ).toEqual({ type: "string", description_kind: "plain", deprecated: true, optional: true });
  });

  test("Int64 attributes are numbers and collections wrap their element type", () => {
    expect(jsonAttribute(node({ kind: "Int64Attribute", Optional: true })).type).toBe("number");
    expect(jsonAttribute(node({ kind: "MapAttribute", Required: true, ElementType: ["set", "string"] })).type).toEqual([
      "map",
      ["set", "string"],
    ]);
  });

  test("nested attributes become nested_type with sorted members", () => {
    const nested = node({
      kind: "ListNestedAttribute",
      Computed: true,
      NestedObject: { Attributes: { b: node({ Computed: true }), a: node({ Computed: true }) } },
    });
    expect(Object.keys(jsonAttribute(nested).nested_type!.attributes)).toEqual(["a", "b"]);
    expect(jsonAttribute(nested).nested_type!.nesting_mode).toBe("list");
  });

  test("throws one line naming the path when the extract is missing", () => {
    expect(() => readExtract("/nonexistent/source-schema.json")).toThrow(
      /^cannot read the source-schema extract \/nonexistent\/source-schema\.json; run providers\/vercel\/extract-source-schema\.ts first$/,
    );
  });
});
