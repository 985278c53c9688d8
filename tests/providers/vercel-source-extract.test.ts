/**
 * extract-source-schema.ts reads a provider's Go schema literals as declared. The provider's own source is not
 * in this repository, so these tests build a small stand-in package in a temporary git repository, tagged like
 * the release, with the literal forms the real provider uses (raw and concatenated strings, helper functions,
 * package-level types, nested attributes and blocks, a data source of the same name) and a few it must refuse.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extractSourceSchema } from "../../providers/vercel/extract-source-schema";
import { tokenize } from "../../providers/vercel/go-source";

const FRAMEWORK = "github.com/hashicorp/terraform-plugin-framework";

const resourceFile = (receiver: string, suffix: string, body: string) => `package vercel

import (
	"context"

	"${FRAMEWORK}/resource"
	"${FRAMEWORK}/resource/schema"
	"${FRAMEWORK}/types"
)

func (r *${receiver}) Metadata(ctx context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "${suffix}"
}

func (r *${receiver}) Schema(_ context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
${body}
	}
}
`;

const minimal = `		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true},
		},`;

const PROJECT = `		Description: \`
Line one.\` + "\\tquoted \\"x\\" \\u00e9",
		Attributes: map[string]schema.Attribute{
			// comments between fields are skipped
			"team_id": schema.StringAttribute{
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseNonNullStateForUnknown()},
				Description:   "The team.",
			},
			"labels": schema.MapAttribute{
				Optional:    true,
				ElementType: labelValuesType,
			},
			"matcher": schema.SingleNestedAttribute{
				Required:   true,
				Attributes: matcherSchema(),
			},
			"hooks": schema.SetNestedAttribute{
				MarkdownDescription: "**Hooks**",
				Optional:            true,
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"url":  schema.StringAttribute{Computed: true, Sensitive: true},
						"size": schema.Int64Attribute{Optional: true, DeprecationMessage: "Use bytes."},
					},
				},
			},
		},
		Blocks: map[string]schema.Block{
			"rules": schema.SingleNestedBlock{
				Blocks: map[string]schema.Block{
					"rule": schema.ListNestedBlock{
						NestedObject: schema.NestedBlockObject{
							Attributes: map[string]schema.Attribute{
								"name": schema.StringAttribute{Required: true},
							},
						},
					},
				},
			},
		},`;

const HELPERS = `package vercel

import (
	"${FRAMEWORK}/resource/schema"
	"${FRAMEWORK}/types"
)

var labelValuesType = types.SetType{ElemType: types.StringType}

func matcherSchema() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"slugs": schema.ListAttribute{Optional: true, ElementType: types.StringType},
	}
}
`;

const PROVIDER = `package vercel

import (
	"context"

	"${FRAMEWORK}/provider"
	"${FRAMEWORK}/provider/schema"
)

func (p *vercelProvider) Metadata(ctx context.Context, req provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "vercel"
}

func (p *vercelProvider) Schema(_ context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{Optional: true, Sensitive: true},
		},
	}
}
`;

/** A data source that registers the same name as a resource, with a different schema package. */
const DATA_SOURCE = `package vercel

import (
	"context"

	"${FRAMEWORK}/datasource"
)

func (d *projectDataSource) Metadata(ctx context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_project"
}
`;

const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-C", dir, "-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], {
    stdio: "pipe",
  });

/** A tagged git checkout holding the stand-in provider package; `project` replaces the project schema body. */
function standInCheckout(project = PROJECT, tag = "v5.10.0"): string {
  const dir = mkdtempSync(join(tmpdir(), "provider-src-"));
  mkdirSync(join(dir, "vercel"));
  writeFileSync(join(dir, "go.mod"), `module example.invalid/provider\n\nrequire (\n\t${FRAMEWORK} v1.17.0\n)\n`);
  const files: Record<string, string> = {
    "provider.go": PROVIDER,
    "helpers.go": HELPERS,
    "data_source_project.go": DATA_SOURCE,
    "resource_project.go": resourceFile("projectResource", "_project", project),
    "resource_project_domain.go": resourceFile("projectDomainResource", "_project_domain", minimal),
    "resource_project_environment_variable.go": resourceFile("envResource", "_project_environment_variable", minimal),
    "resource_firewall_config.go": resourceFile("firewallResource", "_firewall_config", minimal),
    "resource_project_test.go": "package vercel\n\nthis is not parsed: test files are skipped\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "vercel", name), text);
  git(dir, "init", "-q");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "stand-in");
  git(dir, "tag", tag);
  return dir;
}

describe("extract-source-schema on a stand-in provider package", () => {
  const dir = standInCheckout();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const extract = extractSourceSchema(dir);
  const project = extract.resources.vercel_project;

  test("records the tag, the checked-out commit, the framework version and the files the schemas came from", () => {
    expect(extract.source).toEqual({
      repository: "https://github.com/vercel/terraform-provider-vercel",
      tag: "v5.10.0",
      commit: git(dir, "rev-parse", "HEAD").toString().trim(),
      framework: `${FRAMEWORK} v1.17.0`,
      files: [
        "go.mod",
        "vercel/helpers.go",
        "vercel/provider.go",
        "vercel/resource_firewall_config.go",
        "vercel/resource_project.go",
        "vercel/resource_project_domain.go",
        "vercel/resource_project_environment_variable.go",
      ],
    });
  });

  test("finds each resource by the name its Metadata registers, not the data source of the same name", () => {
    expect(project).toMatchObject({
      receiver: "projectResource",
      file: "vercel/resource_project.go",
      package: `${FRAMEWORK}/resource/schema`,
    });
    expect(extract.provider).toMatchObject({ receiver: "vercelProvider", package: `${FRAMEWORK}/provider/schema` });
    expect(extract.provider.schema.Attributes).toEqual({
      api_token: { kind: "StringAttribute", line: 17, Optional: true, Sensitive: true },
    });
  });

  test("decodes raw, concatenated and escaped string literals as Go does", () => {
    expect(project.schema.Description).toBe('\nLine one.\tquoted "x" é');
  });

  test("records flags and descriptions as declared, and names the behaviour-only fields it left out", () => {
    expect(project.schema.Attributes!.team_id).toEqual({
      kind: "StringAttribute",
      line: 21,
      Optional: true,
      Computed: true,
      Description: "The team.",
      otherFields: ["PlanModifiers"],
    });
    expect(project.schema.Attributes!.hooks).toMatchObject({
      kind: "SetNestedAttribute",
      MarkdownDescription: "**Hooks**",
      Optional: true,
      otherFields: ["Validators"],
    });
    expect(project.schema.Attributes!.hooks.NestedObject!.Attributes).toEqual({
      url: { kind: "StringAttribute", line: 41, Computed: true, Sensitive: true },
      size: { kind: "Int64Attribute", line: 42, Optional: true, DeprecationMessage: "Use bytes." },
    });
  });

  test("follows helper functions and package-level types and says which one supplied a field", () => {
    expect(project.schema.Attributes!.labels).toMatchObject({
      ElementType: ["set", "string"],
      suppliedBy: { ElementType: "labelValuesType (vercel/helpers.go:8)" },
    });
    expect(project.schema.Attributes!.matcher).toMatchObject({
      Attributes: { slugs: { kind: "ListAttribute", Optional: true, ElementType: "string" } },
      suppliedBy: { Attributes: "matcherSchema() (vercel/helpers.go:10)" },
    });
  });

  test("keeps blocks apart from nested attributes", () => {
    expect(project.schema.Blocks).toEqual({
      rules: {
        kind: "SingleNestedBlock",
        line: 48,
        Blocks: {
          rule: {
            kind: "ListNestedBlock",
            line: 50,
            NestedObject: { Attributes: { name: { kind: "StringAttribute", line: 53, Required: true } } },
          },
        },
      },
    });
  });
});

describe("extract-source-schema refuses what it cannot read faithfully", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const checkout = (project?: string, tag?: string) => {
    const d = standInCheckout(project, tag);
    dirs.push(d);
    return d;
  };

  test("throws on a field it does not understand, naming the file and line", () => {
    const dir = checkout(
      `		Attributes: map[string]schema.Attribute{\n			"when": schema.StringAttribute{Optional: true, CustomType: timetypes.RFC3339Type{}},\n		},`,
    );
    expect(() => extractSourceSchema(dir)).toThrow(
      /^vercel\/resource_project\.go:18: schema\.StringAttribute declares CustomType, which this extractor does not understand$/,
    );
  });

  test("throws on a checkout that is not at tag v5.10.0", () => {
    const dir = checkout(undefined, "v5.9.1");
    expect(() => extractSourceSchema(dir)).toThrow(
      /is at [0-9a-f]{40}, not at tag v5\.10\.0; run git -C .* checkout v5\.10\.0$/,
    );
  });

  test("throws on a path that is not a provider checkout", () => {
    expect(() => extractSourceSchema(tmpdir())).toThrow(
      /has no vercel\/provider\.go; give the root of a terraform-provider-vercel checkout$/,
    );
  });
});

describe("the Go tokenizer", () => {
  test("keeps line numbers across raw strings and block comments", () => {
    const tokens = tokenize("x.go", "a /* one\ntwo */ `raw\nstring` b");
    expect(tokens.map((t) => [t.value, t.line])).toEqual([
      ["a", 1],
      ["raw\nstring", 2],
      ["b", 3],
    ]);
  });
});
