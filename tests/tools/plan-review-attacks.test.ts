/**
 * What an independent attacker of plan review and drift found (issue 14, second round), each finding now a test:
 * credentials printed in markdown because the scan ran after `_` became `&#95;`; drift reports never scanned for
 * short credentials; a marker lost when an attribute changed shape; secrets inside JSON documents; markdown injected
 * through a drifted value; input echoed by error lines; a secret equal to a word of the review's own text; sensitive
 * digits inside a larger number; a reason rewritten past the scrubber; overlapping secrets; a rule that crashed the
 * review; DNS names in another case. The third round's findings are at the end: a secret printed whole by a value
 * whose parts were each clean, other encoders' JSON escapes, a private key kept line by line, a reason that names
 * a member of every JavaScript object.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { driftReport } from "../../tools/drift/drift-report";
import { renderDriftMarkdown } from "../../tools/drift/render-drift";
import { planReview } from "../../tools/plan-review";
import { Scrubber } from "../../tools/plan/scrub";
import { FAKE } from "../fixtures/fake-credentials";
import { planWith, type BuiltChange } from "../support/plan-builder";
import { everyFormat, reviewOptions as options } from "../support/review-outputs";
import { runInfra } from "../support/run-infra";

/** The text as a reader sees it: HTML entities decoded (markdown escapes `_` as `&#95;`). */
const decoded = (text: string) => text.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c)));

/** An update of one value Terraform marks sensitive on both sides. */
const marked = (address: string, value: unknown): BuiltChange => ({
  address,
  actions: ["update"],
  before: { v: "x" },
  after: { v: value },
  before_sensitive: { v: true },
  after_sensitive: { v: true },
});

const tagUpdate = (address: string, value: string): BuiltChange => ({
  address,
  actions: ["update"],
  before: { bucket: "b", tags: { k: "old" } },
  after: { bucket: "b", tags: { k: value } },
});

/** A drift report of the changes (JSON, markdown), and plan review of them as changes and as drift. */
const everyOutput = async (changes: BuiltChange[]) => {
  const report = driftReport("staging", planWith([], changes));
  return [
    JSON.stringify(report),
    renderDriftMarkdown(report),
    ...(await everyFormat(planWith(changes))),
    ...(await everyFormat(planWith([], changes))),
  ];
};

const CREDENTIALS = [
  FAKE.githubToken,
  FAKE.stripeKey,
  FAKE.githubFineGrained,
  FAKE.slackWebhook,
  FAKE.discordWebhook,
  FAKE.jwt,
  FAKE.awsAccessKeyId,
  FAKE.urlWithPassword,
];

describe("credentials Terraform does not mark", () => {
  test("are never printed in markdown, even with characters markdown escapes (`_`), nor in JSON", async () => {
    const plan = planWith(CREDENTIALS.map((c, i) => tagUpdate(`aws_s3_bucket.b${i}`, c)));
    for (const out of await everyFormat(plan))
      for (const credential of CREDENTIALS) expect(decoded(out)).not.toContain(credential);
  });

  test("are never printed from an address (a for_each key) in the banner or the lists", async () => {
    const address = `aws_ssm_parameter.token["${FAKE.githubToken}"]`;
    const plan = planWith([{ address, actions: ["delete"], before: { name: "p" }, after: null }]);
    for (const out of await everyFormat(plan)) expect(decoded(out)).not.toContain(FAKE.githubToken);
  });

  test("are never printed by a drift report, however short, in JSON or markdown", () => {
    const plan = planWith(
      [],
      CREDENTIALS.map((c, i) => tagUpdate(`aws_s3_bucket.b${i}`, c)),
    );
    const report = driftReport("staging", plan);
    for (const out of [JSON.stringify(report), renderDriftMarkdown(report)])
      for (const credential of CREDENTIALS) expect(decoded(out)).not.toContain(credential);
  });
});

describe("values Terraform marks sensitive", () => {
  test("stay masked when an attribute changes shape (a list before, an object after)", async () => {
    const plan = planWith([
      {
        address: "kubernetes_manifest.m",
        actions: ["update"],
        before: { manifest: ["old-secret-list-item"] },
        after: { manifest: { pin: "73519", note: "visible" } },
        before_sensitive: { manifest: [true] },
        after_sensitive: { manifest: { pin: true } },
      },
    ]);
    for (const out of await everyFormat(plan)) {
      expect(out).not.toContain("73519");
      expect(out).not.toContain("old-secret-list-item");
    }
  });

  test("are found inside a JSON document attribute, with quotes, backslashes and & escaped as jsonencode does", async () => {
    const secrets = ['Pa\\"ss&w0rd<\\x>', "correct&horse-battery"];
    const plan = planWith([
      {
        address: "aws_ssm_parameter.db",
        actions: ["update"],
        before: { value: "old-value-123" },
        after: { value: secrets[0] },
        before_sensitive: { value: true },
        after_sensitive: { value: true },
      },
      {
        address: "aws_secretsmanager_secret_version.s",
        actions: ["update"],
        before: { secret_string: "old-value-456" },
        after: { secret_string: secrets[1] },
        before_sensitive: { secret_string: true },
        after_sensitive: { secret_string: true },
      },
      {
        address: "aws_ecs_task_definition.t",
        actions: ["update"],
        before: { container_definitions: "[]" },
        after: {
          container_definitions: JSON.stringify([{ env: [{ name: "DB", value: secrets[0] }] }]),
          policy: JSON.stringify({ p: secrets[1] }).replace(/&/g, "\\u0026"),
        },
      },
    ]);
    for (const out of await everyFormat(plan)) {
      expect(out).not.toMatch(/Pa.{0,12}ss.{0,12}w0rd/);
      expect(out).not.toMatch(/correct.{0,8}horse/);
    }
  });

  test("a number that contains a sensitive number is masked in JSON too", async () => {
    const plan = planWith([
      {
        address: "aws_x.pin",
        actions: ["update"],
        before: { pin: 1 },
        after: { pin: 482913 },
        before_sensitive: { pin: true },
        after_sensitive: { pin: true },
      },
      { address: "aws_x.other", actions: ["update"], before: { n: 1, neg: 1 }, after: { n: 4829137, neg: -482913 } },
    ]);
    for (const out of await everyFormat(plan)) expect(out).not.toContain("482913");
  });

  test("overlapping secrets leave no part of either in the text", async () => {
    const plan = planWith([
      marked("aws_x.a", "alpha-token-1"),
      marked("aws_x.b", "-1bravo-secret-99"),
      tagUpdate("aws_s3_bucket.both", "alpha-token-1bravo-secret-99"),
    ]);
    for (const out of await everyFormat(plan)) {
      expect(out).not.toContain("bravo-secret");
      expect(out).not.toContain("alpha-token");
    }
  });

  test("an action reason Terraform gives is printed as written, so the scrubber still finds a secret in it", async () => {
    const plan = planWith([
      {
        address: "aws_x.v",
        actions: ["update"],
        before: { v: "a" },
        after: { v: "my_db_password_2024" },
        before_sensitive: { v: true },
        after_sensitive: { v: true },
      },
      {
        address: "aws_x.w",
        actions: ["delete", "create"],
        before: { v: "a" },
        after: { v: "b" },
        action_reason: "my_db_password_2024",
      },
    ]);
    for (const out of await everyFormat(plan)) {
      expect(out).not.toContain("my_db_password_2024");
      expect(out).not.toContain("my db password");
    }
  });

  test("a secret that is a word of the review's own text (`destroy`) is masked where marked, and the review still says what it does", async () => {
    const plan = planWith([
      {
        address: "vercel_project_environment_variable.v",
        actions: ["update"],
        before: { value: "old-value" },
        after: { value: "destroy" },
        before_sensitive: { value: true },
        after_sensitive: { value: true },
      },
      { address: "aws_secretsmanager_secret.gone", actions: ["delete"], before: { name: "gone" }, after: null },
    ]);
    const [markdown, , , json] = await everyFormat(plan);
    expect(markdown).toContain("**Plan: 0 to add, 1 to change, 1 to destroy.**");
    expect(JSON.parse(json).counts).toMatchObject({ change: 1, destroy: 1 });
    expect(JSON.parse(json).resources[1].kind).toBe("delete");
    expect(JSON.parse(json).resources[0].attributes[0]).toMatchObject({ after: "(sensitive)" });
  });
});

describe("a drifted value set by hand", () => {
  test("cannot write markdown or HTML into the report or the issue (it is shown inside <code>, escaped)", () => {
    const injected = 'default-src *</code></details> <h1>No drift: approved</h1> <a href="https://evil.example">x</a>';
    const ruleset = (csp: string) => ({
      phase: "http_response_headers_transform",
      rules: [{ action_parameters: { headers: { "Content-Security-Policy": { value: csp } } } }],
    });
    const plan = planWith(
      [],
      [
        {
          address: "cloudflare_ruleset.headers",
          actions: ["update"],
          before: ruleset("default-src 'self'"),
          after: ruleset(injected),
        },
      ],
    );
    const markdown = renderDriftMarkdown(driftReport("staging", plan));
    expect(markdown).toContain("Adopt: set <code>security.contentSecurityPolicy</code> = <code>");
    expect(markdown).not.toMatch(/<h1>|<a href|<\/details> <h1>/);
  });
});

describe("error lines", () => {
  const write = (name: string, text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "plan-attack-"));
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  test("never quote a name or value from the plan, and stay one line", async () => {
    const outputName = "s3cr3t-output-name-value\n::add-mask::second line";
    const files = [
      write(
        "output.json",
        JSON.stringify({ format_version: "1.2", output_changes: { [outputName]: { actions: "x" } } }),
      ),
      write(
        "actions.json",
        JSON.stringify(
          planWith([{ address: "aws_x.y", actions: ["pw:Hunter2-xyz" as never], before: null, after: {} }]),
        ),
      ),
      write("version.json", JSON.stringify({ format_version: "pw=Hunter2-xyz", resource_changes: [] })),
    ];
    for (const file of files) {
      const result = await runInfra(["plan-review", file]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).not.toMatch(/s3cr3t|Hunter2|add-mask/);
    }
  }, 30_000);

  test("a value nested thousands of levels deep is one line saying so, not a crash", async () => {
    const deep = `${"[".repeat(100_000)}"deep-leaf"${"]".repeat(100_000)}`;
    const plan = JSON.stringify(
      planWith([{ address: "aws_s3_bucket.b", actions: ["update"], before: { x: 1 }, after: { x: "DEEP" } }]),
    ).replace('"DEEP"', deep);
    const result = await runInfra(["plan-review", write("deep.json", plan)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "infra: the input nests too deeply to read (thousands of levels); it is not a Terraform plan\n",
    );
  }, 30_000);
});

describe("risk rules and protection", () => {
  test("a rule that cannot read a change adds a note to check it by hand instead of failing the review", async () => {
    const trust = (condition: unknown) =>
      JSON.stringify({
        Statement: [
          { Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:oidc-provider/x" }, Condition: condition },
        ],
      });
    const plan = planWith([
      {
        address: "aws_iam_role.deploy",
        actions: ["update"],
        before: { name: "deploy", assume_role_policy: trust({ StringEquals: { "x:sub": "a" } }) },
        after: { name: "deploy", assume_role_policy: trust({ StringEquals: null }) },
      },
    ]);
    const result = await planReview(JSON.stringify(plan), "plan.json", options({ format: "json" }));
    expect(JSON.parse(result.output).risks.map((r: { rule: string }) => r.rule)).toEqual(["iam-trust-widened"]);
  });

  test("the apex or API record is protected whatever the case of its name, fully qualified or not", async () => {
    const plan = planWith([
      { address: "cloudflare_dns_record.api", actions: ["delete"], before: { name: "API.Example.com." }, after: null },
    ]);
    const result = await planReview(JSON.stringify(plan), "plan.json", options());
    expect(result.exitCode).toBe(3);
  });
});

describe("the second review's findings", () => {
  test("a secret equal to one of the drift report's own words or the stage's name changes nothing it says", () => {
    const words = ["drifted", "resources", "severity", "summary", "address", "staging", "security", "update"];
    const plan = planWith(
      [],
      [
        ...words.map((w, i) => marked(`random_password.p${i}`, w)),
        { address: "aws_s3_bucket.b", actions: ["update"], before: { tags: { k: "a" } }, after: { tags: { k: "b" } } },
      ],
    );
    const report = driftReport("staging", plan);
    expect(report.drifted).toBe(true);
    expect(report.stage).toBe("staging");
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["drifted", "resources", "summary"]));
    expect(report.resources.map((r) => r.severity)).not.toContain("(sensitive)");
    expect(report.resources.find((r) => r.address === "aws_s3_bucket.b")?.next.revert).toContain(
      "cdktf deploy staging",
    );
    expect(renderDriftMarkdown(report)).toMatch(/^## Drift: staging$/m);
  });

  test("plan text cannot start a heading, end a table row or make a link: line breaks and link starts are entities", async () => {
    const evil = 'x"]\n\nEVIL HEADING\n===\n\r\n[click](https://evil.example) www.evil.example';
    const plan = planWith([
      { address: `aws_s3_bucket.a["${evil}"]`, actions: ["delete"], before: { bucket: "b" }, after: null },
      { address: "aws_x.b", actions: ["update"], before: { tags: {} }, after: { tags: { [evil]: "v" } } },
    ]);
    for (const out of (await everyFormat(plan)).slice(0, 3)) {
      expect(out).not.toMatch(/^EVIL HEADING$/m);
      expect(out).not.toMatch(/^={3}$/m);
      expect(out).not.toContain("https://evil");
      expect(out).not.toContain("www.evil");
    }
    const drift = renderDriftMarkdown(
      driftReport(
        "staging",
        planWith(
          [],
          [{ address: "aws_x.b", actions: ["update"], before: { tags: {} }, after: { tags: { [evil]: "v" } } }],
        ),
      ),
    );
    expect(drift).not.toMatch(/^EVIL HEADING$/m);
  });

  test("a secret three JSON levels deep in a value, a key of a sensitive map, and Go's \\u2028 escape are all found", async () => {
    const deep = 'pa"ss\\wo<rd-111111';
    const plan = planWith([
      {
        address: "aws_ssm_parameter.s",
        actions: ["update"],
        before: { v: "x", env: {} },
        after: { v: deep, w: "line\u2028sep-secret-222", env: { "customer-acme-contract-7731": "x" } },
        before_sensitive: { v: true, w: true, env: true },
        after_sensitive: { v: true, w: true, env: true },
      },
      {
        address: "aws_lambda_function.l",
        actions: ["update"],
        before: { a: "x" },
        after: {
          a: JSON.stringify({ doc: JSON.stringify({ pw: deep }) }),
          b: '{"pw":"line\\u2028sep-secret-222"}',
          key: "customer-acme-contract-7731",
        },
      },
    ]);
    for (const out of await everyFormat(plan)) {
      expect(decoded(out)).not.toMatch(/wo.{0,20}rd-111111/);
      expect(out).not.toContain("sep-secret-222");
      expect(out).not.toContain("customer-acme-contract-7731");
    }
  });

  test("a secret that is a piece of the review's own markup does not break it", async () => {
    const plan = planWith([marked("aws_x.a", "</code>"), tagUpdate("aws_s3_bucket.b", "value")]);
    const [markdown] = await everyFormat(plan);
    expect(markdown.split("<code>").length).toBe(markdown.split("</code>").length);
  });

  test("usage errors are one line too, whatever the argument holds", async () => {
    const result = await runInfra(["plan-review", "--format", "x\ny", "plan.json"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  }, 30_000);
});

describe("the final pass over composed markdown", () => {
  test("reads it as a reader does: a secret or a token written with entities is found and replaced whole", async () => {
    const scrubber = new Scrubber(["my_secret-value-1"]);
    const token = FAKE.githubToken;
    const entities = (text: string) => text.replace(/_/g, "&#95;");
    const out = await scrubber.final(
      `a <code>${entities("my_secret-value-1")}</code> b <code>${entities(token)}</code> c`,
    );
    expect(out).toBe("a <code>(sensitive)</code> b <code>(redacted)</code> c");
  });
});

describe("the third review's findings", () => {
  const document = { user: "bob", pin: "4821", db: "app" };
  const structured = (address: string, after: unknown): BuiltChange => ({
    address,
    actions: ["update"],
    before: { env: null },
    after: { env: after },
  });

  test("a sensitive value is never printed whole by a list or object whose parts are each clean", async () => {
    const outputs = await everyOutput([
      marked("aws_secretsmanager_secret_version.v", JSON.stringify(document)),
      structured("aws_lambda_function.f", document),
      marked("aws_ssm_parameter.coords", "4821,9377"),
      structured("aws_instance.i", [4821, 9377]),
    ]);
    for (const out of outputs) {
      expect(decoded(out)).not.toContain(JSON.stringify(document));
      expect(decoded(out)).not.toContain("4821,9377");
    }
  });

  test("nor by a drift report's next step built from such a value", () => {
    const reviewers = [{ teams: [4821, 9377], users: [] }];
    const report = driftReport(
      "staging",
      planWith(
        [],
        [
          marked("aws_ssm_parameter.p", JSON.stringify(reviewers)),
          {
            address: "github_repository_environment.production",
            actions: ["update"],
            before: { reviewers: [] },
            after: { reviewers },
          },
        ],
      ),
    );
    for (const out of [JSON.stringify(report), renderDriftMarkdown(report)]) {
      expect(decoded(out)).not.toContain(JSON.stringify(reviewers));
      expect(decoded(out).replace(/\\/g, "")).not.toContain(JSON.stringify(reviewers));
    }
  });

  test("a secret inside a JSON document is found however the encoder escaped it, escapes mixed or not", async () => {
    const u = (c: string, upper = false) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, "0");
      return `\\u${upper ? hex.toUpperCase() : hex}`;
    };
    const python = (s: string) => s.replace(/[\u0080-\uffff]/g, (c) => u(c));
    const php = (s: string) => python(s).replaceAll("/", "\\/");
    const dotnet = (s: string) => s.replace(/[\u0080-\uffff&<>'+`\t]/g, (c) => u(c, true));
    const cases: Array<[string, (s: string) => string]> = [
      ["pässwörd-secret-1", python],
      ["tok<en>&-secret-2", dotnet],
      ["plain/slash/secret-3", php],
      ["päss/wörd-sec4", php],
      ["pa+ss'wo`rd-sec5", dotnet],
      ["tab\tsep-secret-6", dotnet],
      ["emoji😀-sec7/x", php],
      ["qé/r&s<t-sec8", dotnet],
    ];
    const changes = [
      ...cases.map(([secret], i) => marked(`random_password.p${i}`, secret)),
      ...cases.map(([secret, escape], i) => structured(`aws_iam_policy.p${i}`, `{"Sid":"${escape(secret)}"}`)),
    ];
    // Printed inside JSON the document's backslashes are doubled: read them single, as a JSON reader would.
    const unescaped = (out: string) => decoded(out).replace(/\\\\/g, "\\");
    for (const out of await everyOutput(changes))
      for (const [secret, escape] of cases) {
        expect(unescaped(out)).not.toContain(escape(secret));
        expect(out).not.toContain(secret);
      }
  });

  test("a private key kept line by line (a list, a map, a list of objects, nested lists) is redacted whole", async () => {
    const [begin, body, end] = FAKE.privateKeyLines;
    const shapes = [
      [begin, body, end],
      [begin, body, end, null],
      { a: begin, other: "some other text", b: body, c: end },
      [{ line: begin }, { line: body }, { line: end }],
      [[begin], [body], [end]],
    ];
    const changes = shapes.map((shape, i) => structured(`aws_instance.i${i}`, shape));
    for (const out of await everyOutput(changes)) expect(decoded(out)).not.toContain(body);
  });

  test("an action_reason that names a member of every JavaScript object is shown as Terraform wrote it", async () => {
    for (const reason of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const plan = planWith([
        {
          address: "aws_x.r",
          actions: ["delete", "create"],
          before: { v: "a" },
          after: { v: "b" },
          action_reason: reason,
        },
      ]);
      const [markdown, , , json] = await everyFormat(plan);
      expect(decoded(markdown)).toContain(reason);
      expect(JSON.parse(json).resources[0].reason).toBe(reason);
    }
  });
});

describe("the fourth review's findings", () => {
  const file = (address: string, content: string): BuiltChange => ({
    address,
    actions: ["update"],
    before: { content: "old" },
    after: { content },
  });

  test("a private key whose lines are values of resources far apart (past a thousand resources) is redacted whole", async () => {
    const [begin, body, end] = FAKE.privateKeyLines;
    const changes = Array.from({ length: 1_002 }, (_, i) => file(`local_file.part${i}`, `text ${i}`));
    changes[999] = file("local_file.part999", begin);
    changes[1_000] = file("local_file.part1000", `${body}\n${end}`);
    for (const out of await everyFormat(planWith(changes))) expect(decoded(out)).not.toContain(body);
  }, 60_000);

  test("a value holding secretlint's disable comment does not switch the credential scan off", async () => {
    for (const comment of ["secretlint-disable", "secretlint-disable -- reviewed", "secretlint-disable-next-line"]) {
      const changes = [
        file("local_file.note", comment),
        tagUpdate("aws_s3_bucket.a", FAKE.githubToken),
        tagUpdate("aws_s3_bucket.b", FAKE.awsAccessKeyId),
      ];
      const report = driftReport("staging", planWith([], changes));
      for (const out of [
        ...(await everyFormat(planWith(changes))),
        JSON.stringify(report),
        renderDriftMarkdown(report),
      ])
        for (const credential of [FAKE.githubToken, FAKE.awsAccessKeyId])
          expect(decoded(out)).not.toContain(credential);
    }
  });

  test("a sensitive value written with JSON escapes is not printed by a JSON writer from its unescaped text", async () => {
    const document = JSON.stringify({ user: "app", password: "FAKE-canary-escaped-pw" });
    const escaped = JSON.stringify(document).slice(1, -1); // {\"user\":\"app\",...}
    const plan = planWith([
      marked("aws_secretsmanager_secret_version.v", escaped),
      file("local_file.rendered", document),
    ]);
    for (const out of await everyFormat(plan)) {
      expect(out).not.toContain(escaped);
      expect(decoded(out)).not.toContain("FAKE-canary-escaped-pw");
    }
    // Not a JSON document: only the value's unescaped form can find its text.
    const quoted = 'say "FAKE-canary-quote-7" now';
    const written = JSON.stringify(quoted).slice(1, -1); // say \"FAKE-canary-quote-7\" now
    const other = planWith([marked("aws_ssm_parameter.q", written), file("local_file.q", quoted)]);
    for (const out of await everyFormat(other)) {
      expect(out).not.toContain(written);
      expect(decoded(out)).not.toContain("FAKE-canary-quote-7");
    }
  });
});

describe("the fifth review's findings", () => {
  const [begin, body, end] = FAKE.privateKeyLines;
  const content = (address: string, before: string, after: string): BuiltChange => ({
    address,
    actions: ["update"],
    before: { content: before },
    after: { content: after },
  });

  test("a private key split over values is redacted whole in drift reports and plan reviews, in any order", async () => {
    const layouts: BuiltChange[][] = [
      // over two drifted resources, over both sides of one change, and its end seen before its beginning
      [content("local_file.a", "x", begin), content("local_file.b", "x", `${body}\n${end}`)],
      [content("local_file.c", begin, `${body}\n${end}`)],
      [
        content("local_file.d0", "x", `${body}\n${end}`),
        content("local_file.d1", "x", begin),
        content("local_file.d2", "x", `${body}\n${end}`),
      ],
    ];
    for (const changes of layouts) {
      const outputs = await everyOutput(changes);
      for (const out of outputs) expect(decoded(out)).not.toContain(body);
    }
  });

  test("so is a split key whose END line is written escaped, a second key's body after a whole key, and a BEGIN line the rule does not read", async () => {
    const body2 = "MIIEpAIBAAKCAQEA" + "SECONDFAKESECONDFAKESECONDFAKESECONDFAKE0123456789";
    const escapedEnd = end.replace(/-/g, "\\u002d");
    const layouts: Array<[BuiltChange[], string]> = [
      [[content("local_file.a", "x", begin), content("local_file.b", "x", `${body}\n${escapedEnd}`)], body],
      [
        [
          content("local_file.c", "x", begin),
          content("local_file.d", "x", `${begin}\n${body}\n${end}\n${body2}\n${end}`),
        ],
        body2,
      ],
      [[content("local_file.e", "x", `-----BEGIN PRIVATE KEY\n${body}\n${end}`)], body],
      // a body before another key's BEGIN line, in one value (seventh review)
      [[content("local_file.f", "x", `${body2}\n${begin}\n${body}\n${end}`)], body2],
    ];
    for (const [changes, secret] of layouts) {
      const outputs = await everyOutput(changes);
      for (const out of outputs) expect(decoded(out)).not.toContain(secret);
    }
  });

  test("a credential written with JSON escapes (PHP's \\/, \\u005f, \\u002d) is found as secretlint knows it", async () => {
    const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    const escapings = [
      (c: string) => c.replaceAll("/", "\\/"),
      (c: string) => c.replace(/[_.-]/g, hex),
      (c: string) => hex(c[0]) + c.slice(1),
    ];
    const credentials = [...CREDENTIALS, FAKE.awsSecretAccessKey, FAKE.privateKey];
    const changes = credentials.flatMap((credential, i) =>
      escapings.map((escape, e) => tagUpdate(`aws_s3_bucket.c${i}_${e}`, `{"v":"${escape(credential)}"}`)),
    );
    /** The output as a reader of the value reads it: entities and JSON escapes (at any depth) decoded. */
    const readable = (text: string) => {
      let out = decoded(text);
      for (let previous = ""; previous !== out;) {
        previous = out;
        out = out.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
        out = out.replace(/\\(["\\/])/g, "$1");
      }
      return out;
    };
    for (const out of await everyFormat(planWith(changes)))
      for (const credential of credentials) {
        const body = credential === FAKE.privateKey ? "RkFLRQ==" : credential;
        expect(readable(out)).not.toContain(body);
      }
  });

  test("the fields of a sensitive JSON document are secrets however the document was escaped or encoded", async () => {
    const doc = (n: number) => JSON.stringify({ user: "app", password: `FAKE-canary-field-pw-${n}` });
    const variants = [
      JSON.stringify(JSON.stringify(doc(1))).slice(1, -1), // escaped twice
      JSON.stringify(doc(2)), // jsonencode(jsonencode(...)): a JSON string literal
      `{\n  \\"user\\": \\"app\\",\n  \\"password\\": \\"FAKE-canary-field-pw-3\\"\n}`, // escaped quotes, real line breaks
      `\\n${JSON.stringify(doc(4)).slice(1, -1)}`, // an escaped line break first
    ];
    const changes = variants.flatMap((value, i) => [
      marked(`aws_ssm_parameter.e${i}`, value),
      {
        address: `aws_db_instance.e${i}`,
        actions: ["update"],
        before: { password: "old" },
        after: { password: `FAKE-canary-field-pw-${i + 1}` },
      } satisfies BuiltChange,
    ]);
    for (const out of await everyFormat(planWith(changes)))
      for (let n = 1; n <= variants.length; n++) expect(decoded(out)).not.toContain(`FAKE-canary-field-pw-${n}`);
  });
});

describe("the ninth review's findings", () => {
  const [begin, body, end] = FAKE.privateKeyLines;
  const content = (address: string, value: string): BuiltChange => ({
    address,
    actions: ["update"],
    before: { content: "x" },
    after: { content: value },
  });

  test("a split key's body line is redacted when the same text occurs again, or when another text becomes one already seen", async () => {
    const canary = "FAKE-canary-ninth-4711";
    const layouts: BuiltChange[][] = [
      // the body line again after the key's END (each text is scanned where it first stands)
      [
        content("local_file.a", begin),
        content("local_file.b", body),
        content("local_file.c", end),
        content("local_file.d", body),
      ],
      // a text that, its sensitive value cleared, equals one seen before the key: it must not end the key early
      [
        marked("aws_ssm_parameter.s", canary),
        content("local_file.z", `${end} (sensitive)`),
        content("local_file.a", begin),
        content("local_file.w", `${end} ${canary}`),
        content("local_file.b", body),
        content("local_file.c", end),
      ],
    ];
    for (const changes of layouts)
      for (const out of await everyFormat(planWith(changes))) {
        expect(decoded(out)).not.toContain(body);
        expect(decoded(out)).not.toContain(canary);
      }
  });
  test("a key split over three values is redacted in drift reports too, and a body line that also stands before the key", async () => {
    const layouts: BuiltChange[][] = [
      // BEGIN, body and END each a value of its own (drift read each text alone)
      [content("local_file.a", begin), content("local_file.b", body), content("local_file.c", end)],
      // the body line first, then the key (each text is scanned where it first stands)
      [
        content("local_file.d", body),
        content("local_file.a", begin),
        content("local_file.b", body),
        content("local_file.c", end),
      ],
    ];
    for (const changes of layouts)
      for (const out of await everyOutput(changes)) expect(decoded(out)).not.toContain(body);
  });

  test("only a plan holding a piece of a split key has base64 lines redacted, and only those", async () => {
    const hash = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
    const others = [content("aws_lambda_function.f", hash), content("aws_s3_bucket.b", "a plain value")];
    // The whole review (no length limit) and the JSON: the other values are there as written.
    const [, , markdown, json] = await everyFormat(planWith(others));
    for (const out of [decoded(markdown), json])
      expect([out.includes(hash), out.includes("a plain value")]).toEqual([true, true]);
    const split = await everyFormat(
      planWith([...others, content("local_file.a", begin), content("local_file.c", end)]),
    );
    for (const out of split) expect(decoded(out)).not.toContain(hash);
    for (const out of [decoded(split[2]), split[3]]) expect(out).toContain("a plain value");
  });
  test("a key piece next to a value of 60,000 line breaks is reviewed at once (the body-line search is linear)", async () => {
    // The body-line pattern once let `\s*` run across lines: 19 s for this plan's JSON review, 35 s for markdown.
    const changes = [content("local_file.w", `${"\n".repeat(60_000)}x`), content("local_file.c", end)];
    const started = process.hrtime.bigint();
    const outputs = await everyFormat(planWith(changes));
    expect(outputs.every((out) => !decoded(out).includes(body))).toBe(true);
    // A guard against the quadratic case only (it took minutes in all), not a performance target.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(10);
  }, 60_000);
  test("a sensitive value that is a piece of a key's BEGIN or END line does not unmake another key", async () => {
    const key = [begin, body, end].join("\n");
    const layouts: BuiltChange[][] = [
      // a word of the BEGIN line marked sensitive somewhere else in the plan
      [marked("aws_ssm_parameter.word", "PRIVATE"), content("local_file.k", key)],
      // the key written with its dashes and line breaks escaped behind an escaped backslash (`\u005cu002d`)
      [
        marked("aws_ssm_parameter.word", "PRIVATE"),
        content("local_file.e", key.replaceAll("-", "\\u005cu002d").replaceAll("\n", "\\u005cn")),
      ],
      // another key's lines marked sensitive (its BEGIN and END lines are sensitive values too)
      [
        marked("tls_private_key.other", [begin, "MIIEpAIBAAKCAQEAOTHERFAKEOTHERFAKEOTHERFAKEOTHERFAKE00", end]),
        content("local_file.k", key),
      ],
    ];
    for (const changes of layouts)
      for (const out of await everyOutput(changes)) expect(decoded(out)).not.toContain(body);
  });
});
