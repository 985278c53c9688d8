/**
 * The guardrail pack (policies/): each rule with compliant and non-compliant resources, values a rule cannot read
 * reported as findings, suppressions, synthesis failing on a finding, and every real stack passing with every rule
 * applied to something.
 */
import { ActionsEnvironmentSecret } from "@cdktf/provider-github/lib/actions-environment-secret";
import { GithubProvider } from "@cdktf/provider-github/lib/provider";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretPolicy } from "@cdktf/provider-aws/lib/secretsmanager-secret-policy";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Aspects, Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ProjectEnvironmentVariable } from "../../.gen/providers/vercel/project-environment-variable";
import { VercelProvider } from "../../.gen/providers/vercel/provider";
import { getStage, STAGE_NAMES } from "../../environments";
import {
  GUARDRAILS,
  guardrailFindings,
  Guardrails,
  suppressGuardrail,
  synthesizedResources,
} from "../../policies/guardrails";
import { EnvironmentStack, zoneStagesOf } from "../../stacks/environment-stack";
import { BOOTSTRAP_STACK_ID, BootstrapStack } from "../../stacks/bootstrap-stack";

const FAKE_VALUE = "FAKE-guardrail-test-value-0123456789";

function stackWith(build: (stack: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  build(stack);
  return stack;
}

const messages = (stack: TerraformStack, ruleId: string) =>
  guardrailFindings(stack)
    .filter((f) => f.ruleId === ruleId)
    .map((f) => f.message);

const key = (stack: TerraformStack, id = "key", rotate = true) =>
  new KmsKey(stack, id, { description: "k", enableKeyRotation: rotate });
const secret = (stack: TerraformStack, props: Partial<ConstructorParameters<typeof SecretsmanagerSecret>[2]> = {}) => {
  const s = new SecretsmanagerSecret(stack, "secret", { name: "acme/test/x", kmsKeyId: key(stack).arn, ...props });
  new SecretsmanagerSecretPolicy(stack, "secret-policy", { secretArn: s.arn, policy: "{}", blockPublicPolicy: true });
  return s;
};

function trust(
  condition: Record<string, Record<string, string | string[]>>,
  principal: unknown = { Federated: "arn:aws:iam::000000000000:oidc-provider/token.actions.githubusercontent.com" },
  action = "sts:AssumeRoleWithWebIdentity",
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: principal, Action: action, Condition: condition }],
  });
}
const GH_AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };

describe("INFRA-SEC1: secrets use a customer managed KMS key of their stack", () => {
  test("Compliance: kms_key_id refers to an aws_kms_key in the stack", () => {
    expect(
      messages(
        stackWith((s) => secret(s)),
        "INFRA-SEC1",
      ),
    ).toEqual([]);
  });
  test("Noncompliance: no kms_key_id means the AWS managed key", () => {
    const [message] = messages(
      stackWith((s) => secret(s, { kmsKeyId: undefined })),
      "INFRA-SEC1",
    );
    expect(message).toMatch(
      /^\[INFRA-SEC1\] aws_secretsmanager_secret\.secret: .*kms_key_id is not set, so the AWS managed key aws\/secretsmanager is used/,
    );
  });
  test("Noncompliance: the AWS managed alias", () => {
    expect(
      messages(
        stackWith((s) => secret(s, { kmsKeyId: "alias/aws/secretsmanager" })),
        "INFRA-SEC1",
      )[0],
    ).toMatch(/"alias\/aws\/secretsmanager" is an AWS managed key/);
  });
  test("Noncompliance: a key ARN from elsewhere cannot be checked, which is a finding too", () => {
    expect(
      messages(
        stackWith((s) => secret(s, { kmsKeyId: "arn:aws:kms:eu-west-1:000000000000:key/abc" })),
        "INFRA-SEC1",
      )[0],
    ).toMatch(/cannot be checked: kms_key_id "arn:aws:kms:.*" is not a reference to an aws_kms_key of this stack/);
  });
});

describe("INFRA-SEC2: KMS keys rotate", () => {
  test("Compliance: enable_key_rotation = true", () => {
    expect(
      messages(
        stackWith((s) => key(s)),
        "INFRA-SEC2",
      ),
    ).toEqual([]);
  });
  test("Noncompliance: rotation off or unset", () => {
    expect(
      messages(
        stackWith((s) => key(s, "key", false)),
        "INFRA-SEC2",
      )[0],
    ).toMatch(/\[INFRA-SEC2\] aws_kms_key\.key: .*enable_key_rotation is false/);
    expect(
      messages(
        stackWith((s) => new KmsKey(s, "key", { description: "k" })),
        "INFRA-SEC2",
      )[0],
    ).toMatch(/enable_key_rotation is undefined/);
  });
});

describe("INFRA-SEC3: secret values come from Secrets Manager, never from configuration", () => {
  const github = (s: TerraformStack, plaintextValue: string) => {
    new GithubProvider(s, "github", {});
    new ActionsEnvironmentSecret(s, "gh-secret", {
      repository: "r",
      environment: "production",
      secretName: "X",
      plaintextValue,
    });
  };
  const vercel = (s: TerraformStack, props: { value?: string; sensitive?: boolean; valueWo?: string }) => {
    new VercelProvider(s, "vercel", {});
    const v = new ProjectEnvironmentVariable(s, "vercel-var", {
      projectId: "p",
      key: "X",
      target: ["production"],
      sensitive: props.sensitive ?? false,
    });
    if (props.value !== undefined) v.value = props.value;
    if (props.valueWo) v.addOverride("value_wo", props.valueWo);
  };

  test("Compliance: GitHub secret from a data source, Vercel sensitive variable through value_wo from an ephemeral read, plain Vercel setting", () => {
    const stack = stackWith((s) => {
      github(s, "${data.aws_secretsmanager_secret_version.x.secret_string}");
      vercel(s, { sensitive: true, valueWo: "${ephemeral.aws_secretsmanager_secret_version.x.secret_string}" });
      new ProjectEnvironmentVariable(s, "plain", {
        projectId: "p",
        key: "NEXT_PUBLIC_API_URL",
        target: ["production"],
        value: "https://api.example.com",
        sensitive: false,
      });
    });
    expect(messages(stack, "INFRA-SEC3")).toEqual([]);
  });
  test("Noncompliance: a Terraform-managed secret version, without showing the value", () => {
    const stack = stackWith(
      (s) => new SecretsmanagerSecretVersion(s, "version", { secretId: secret(s).id, secretString: FAKE_VALUE }),
    );
    const [message] = messages(stack, "INFRA-SEC3");
    expect(message).toMatch(
      /aws_secretsmanager_secret_version\.version: .*secret_string set by Terraform \(values enter only through `infra secrets set`\)/,
    );
    expect(message).not.toContain(FAKE_VALUE);
  });
  test("Noncompliance: a literal GitHub secret or sensitive Vercel value, never shown", () => {
    const found = [
      ...messages(
        stackWith((s) => github(s, FAKE_VALUE)),
        "INFRA-SEC3",
      ),
      ...messages(
        stackWith((s) => vercel(s, { value: FAKE_VALUE, sensitive: true })),
        "INFRA-SEC3",
      ),
      ...messages(
        stackWith((s) => vercel(s, { valueWo: FAKE_VALUE, sensitive: true })),
        "INFRA-SEC3",
      ),
    ];
    expect(found.map((m) => /\((.*?)\) Put/.exec(m)?.[1])).toEqual([
      "plaintext_value holds a literal value (not shown)",
      "a sensitive variable has a value in configuration (not shown); use value_wo",
      "value_wo holds a literal value (not shown)",
    ]);
    for (const m of found) expect(m).not.toContain(FAKE_VALUE);
  });
  test("Noncompliance: value_wo on a variable not marked sensitive; an unrecognized source cannot be checked", () => {
    expect(
      messages(
        stackWith((s) => vercel(s, { valueWo: "${ephemeral.aws_secretsmanager_secret_version.x.secret_string}" })),
        "INFRA-SEC3",
      )[0],
    ).toMatch(/value_wo is set but sensitive is not true/);
    expect(
      messages(
        stackWith((s) => github(s, "${var.token}")),
        "INFRA-SEC3",
      )[0],
    ).toMatch(
      /cannot be checked: plaintext_value is not a reference to data\.aws_secretsmanager_secret_version\.<name>\.secret_string/,
    );
  });
});

describe("INFRA-SEC4: web identity trust is scoped to one audience and a narrow subject", () => {
  const role = (policy: string) => stackWith((s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: policy }));

  test("Compliance: a GitHub environment, a Fly app, and a role for an AWS service", () => {
    expect(
      messages(
        role(
          trust({
            StringEquals: {
              ...GH_AUD,
              "token.actions.githubusercontent.com:sub": "repo:example-org/acme-platform:environment:production",
            },
          }),
        ),
        "INFRA-SEC4",
      ),
    ).toEqual([]);
    expect(
      messages(
        role(
          trust(
            {
              StringEquals: { "oidc.fly.io/example-org:aud": "sts.amazonaws.com" },
              StringLike: { "oidc.fly.io/example-org:sub": "example-org:acme-api:*" },
            },
            { Federated: "arn:aws:iam::000000000000:oidc-provider/oidc.fly.io/example-org" },
          ),
        ),
        "INFRA-SEC4",
      ),
    ).toEqual([]);
    expect(messages(role(trust({}, { Service: "lambda.amazonaws.com" }, "sts:AssumeRole")), "INFRA-SEC4")).toEqual([]);
  });
  test.each([
    [
      "any repository of the org",
      { StringEquals: GH_AUD, StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/*" } },
      /sub "repo:example-org\/\*" fixes fewer than two parts/,
    ],
    [
      "every subject",
      { StringEquals: GH_AUD, StringLike: { "token.actions.githubusercontent.com:sub": "*" } },
      /sub "\*" fixes fewer than two parts/,
    ],
    [
      "a repository pattern",
      {
        StringEquals: GH_AUD,
        StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/acme-*:ref:refs/heads/main" },
      },
      /sub "repo:example-org\/acme-\*:ref:refs\/heads\/main" fixes fewer than two parts/,
    ],
    [
      "a repository without its owner",
      {
        StringEquals: {
          ...GH_AUD,
          "token.actions.githubusercontent.com:sub": "repo:acme-platform:environment:production",
        },
      },
      /does not name one repository as repo:<owner>\/<name>/,
    ],
    [
      "no audience",
      {
        StringEquals: {
          "token.actions.githubusercontent.com:sub": "repo:example-org/acme-platform:environment:production",
        },
      },
      /does not require an audience/,
    ],
    ["no subject", { StringEquals: GH_AUD }, /does not restrict the subject/],
  ])("Noncompliance: %s", (_name, condition, reason) => {
    const [message] = messages(role(trust(condition)), "INFRA-SEC4");
    expect(message).toMatch(
      /^\[INFRA-SEC4\] aws_iam_role\.role: The role's trust policy lets too many identities assume it\./,
    );
    expect(message).toMatch(reason);
  });
  test("Noncompliance: a trust policy open to every principal", () => {
    expect(messages(role(trust({}, "*", "sts:AssumeRole")), "INFRA-SEC4")[0]).toMatch(
      /statement 1 trusts every principal/,
    );
    expect(messages(role(trust({}, { AWS: "*" }, "sts:AssumeRole")), "INFRA-SEC4")[0]).toMatch(
      /trusts every principal/,
    );
  });
  test("Noncompliance: a policy the guardrail cannot read (an expression) is a finding", () => {
    expect(messages(role("${data.aws_iam_policy_document.trust.json}"), "INFRA-SEC4")[0]).toMatch(
      /cannot be checked: assume_role_policy is not a JSON document/,
    );
  });
});

describe("INFRA-SEC5: secrets deny other readers through a resource policy", () => {
  test("Compliance: a secret policy with block_public_policy", () => {
    expect(
      messages(
        stackWith((s) => secret(s)),
        "INFRA-SEC5",
      ),
    ).toEqual([]);
  });
  test("Noncompliance: no secret policy, or one that does not block public policies", () => {
    expect(
      messages(
        stackWith((s) => new SecretsmanagerSecret(s, "secret", { name: "x", kmsKeyId: key(s).arn })),
        "INFRA-SEC5",
      )[0],
    ).toMatch(/no aws_secretsmanager_secret_policy refers to it/);
    const open = stackWith((s) => {
      const x = new SecretsmanagerSecret(s, "secret", { name: "x", kmsKeyId: key(s).arn });
      new SecretsmanagerSecretPolicy(s, "policy", { secretArn: x.arn, policy: "{}" });
    });
    expect(messages(open, "INFRA-SEC5")[0]).toMatch(
      /aws_secretsmanager_secret_policy\.policy does not set block_public_policy = true/,
    );
  });
});

describe("INFRA-SEC6: the edge verifies origins and refuses TLS below 1.2", () => {
  const setting = (settingId: string, value: string) =>
    stackWith((s) => {
      new CloudflareProvider(s, "cloudflare", {});
      new ZoneSetting(s, `setting-${settingId}`, { zoneId: "z", settingId, value: {} }).addOverride("value", value);
    });
  test("Compliance: ssl strict, TLS 1.2 or 1.3; other settings are not this rule's business", () => {
    for (const [id, value] of [
      ["ssl", "strict"],
      ["min_tls_version", "1.2"],
      ["min_tls_version", "1.3"],
      ["brotli", "off"],
    ] as const) {
      expect(messages(setting(id, value), "INFRA-SEC6")).toEqual([]);
    }
  });
  test("Noncompliance: ssl full or flexible, TLS 1.0", () => {
    expect(messages(setting("ssl", "full"), "INFRA-SEC6")[0]).toMatch(/ssl is "full"; allowed: strict/);
    expect(messages(setting("ssl", "flexible"), "INFRA-SEC6")).toHaveLength(1);
    expect(messages(setting("min_tls_version", "1.0"), "INFRA-SEC6")[0]).toMatch(
      /min_tls_version is "1\.0"; allowed: 1\.2, 1\.3/,
    );
  });
});

describe("INFRA-REL1: deleted secrets stay recoverable", () => {
  test("Compliance: 7 to 30 days, or the AWS default", () => {
    expect(
      messages(
        stackWith((s) => secret(s, { recoveryWindowInDays: 30 })),
        "INFRA-REL1",
      ),
    ).toEqual([]);
    expect(
      messages(
        stackWith((s) => secret(s)),
        "INFRA-REL1",
      ),
    ).toEqual([]);
  });
  test("Noncompliance: immediate deletion", () => {
    expect(
      messages(
        stackWith((s) => secret(s, { recoveryWindowInDays: 0 })),
        "INFRA-REL1",
      )[0],
    ).toMatch(/recovery_window_in_days is 0/);
  });
});

describe("INFRA-REL2: S3 buckets are versioned, private and protected from destroy", () => {
  const bucket = (opts: { preventDestroy?: boolean; versioning?: string; blockAll?: boolean }) =>
    stackWith((s) => {
      const b = new S3Bucket(s, "bucket", { bucket: "b", lifecycle: { preventDestroy: opts.preventDestroy ?? true } });
      new S3BucketVersioningA(s, "versioning", {
        bucket: b.id,
        versioningConfiguration: { status: opts.versioning ?? "Enabled" },
      });
      const all = opts.blockAll ?? true;
      new S3BucketPublicAccessBlock(s, "public", {
        bucket: b.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: all,
      });
    });
  test("Compliance: like the state bucket", () => {
    expect(messages(bucket({}), "INFRA-REL2")).toEqual([]);
  });
  test("Noncompliance: destroyable, unversioned, or not fully private", () => {
    expect(messages(bucket({ preventDestroy: false }), "INFRA-REL2")[0]).toMatch(
      /lifecycle\.prevent_destroy is not true/,
    );
    expect(messages(bucket({ versioning: "Suspended" }), "INFRA-REL2")[0]).toMatch(
      /no aws_s3_bucket_versioning with status Enabled/,
    );
    expect(messages(bucket({ blockAll: false }), "INFRA-REL2")[0]).toMatch(
      /no aws_s3_bucket_public_access_block with .* all true/,
    );
  });
});

describe("suppressions", () => {
  const rotationOff = (s: TerraformStack) => key(s, "key", false);

  test("a suppression with a reason silences that rule on that resource only", () => {
    const stack = stackWith((s) => {
      suppressGuardrail(rotationOff(s), "INFRA-SEC2", "imported legacy key, rotation handled by the vendor");
      key(s, "other", false);
    });
    expect(messages(stack, "INFRA-SEC2").map((m) => m.split(":")[0])).toEqual(["[INFRA-SEC2] aws_kms_key.other"]);
  });
  test("a suppression on a parent construct covers the resources below it", () => {
    const stack = stackWith((s) => {
      const legacy = new Construct(s, "legacy");
      key(legacy as TerraformStack, "key", false);
      suppressGuardrail(legacy, "INFRA-SEC2", "the legacy keys are replaced in issue 42, rotation is moot");
    });
    expect(messages(stack, "INFRA-SEC2")).toEqual([]);
  });
  test("throws for a short reason or an unknown rule id", () => {
    stackWith((s) => {
      const k = rotationOff(s);
      expect(() => suppressGuardrail(k, "INFRA-SEC2", "legacy")).toThrow(
        /test\/key, INFRA-SEC2\): the reason "legacy" is too short; say in at least 20 characters why/,
      );
      expect(() => suppressGuardrail(k, "INFRA-SEC99", "a reason that is long enough")).toThrow(
        /"INFRA-SEC99" is not a guardrail; use one of INFRA-SEC1, /,
      );
    });
  });
  test("a suppression that matches no finding is an error", () => {
    const stack = stackWith((s) =>
      suppressGuardrail(key(s), "INFRA-SEC2", "rotation was off once, now it is on again"),
    );
    expect(messages(stack, "INFRA-SEC2")).toEqual([
      `[INFRA-SEC2] the suppression on test/key matches no finding; remove it (reason given: "rotation was off once, now it is on again")`,
    ]);
  });
});

describe("resources added by escape hatch", () => {
  test("a resource written by a stack-level override is checked too, and reported on the stack", () => {
    const stack = stackWith((s) => s.addOverride("resource.aws_kms_key.hatch", { description: "added by override" }));
    const [finding] = guardrailFindings(stack).filter((f) => f.ruleId === "INFRA-SEC2");
    expect(finding?.address).toBe("aws_kms_key.hatch");
    expect(finding?.construct).toBe(stack);
  });
});

describe("the aspect", () => {
  test("synthesis fails with every finding, each on its resource's construct", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    Aspects.of(stack).add(new Guardrails());
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    key(stack, "key", false);
    new SecretsmanagerSecret(stack, "secret", { name: "x" });
    expect(() => app.synth()).toThrow(
      /\[test\/key\] \[INFRA-SEC2\][\s\S]*\[test\/secret\] \[INFRA-SEC1\][\s\S]*\[test\/secret\] \[INFRA-SEC5\]/,
    );
  });

  test("every real stack passes, and every rule applies to at least one of their resources", () => {
    const app = Testing.app();
    const stages = STAGE_NAMES.map(getStage);
    const stacks = [
      ...stages.map((s) => new EnvironmentStack(app, s.name, { stage: s, zoneStages: zoneStagesOf(s, stages) })),
      new BootstrapStack(app, BOOTSTRAP_STACK_ID, { stages }),
    ];
    for (const stack of stacks) expect([stack.node.id, guardrailFindings(stack)]).toEqual([stack.node.id, []]);
    const types = new Set(stacks.flatMap((s) => synthesizedResources(s).map((r) => r.type)));
    for (const rule of GUARDRAILS) expect([rule.id, rule.appliesTo.some((t) => types.has(t))]).toEqual([rule.id, true]);
    expect(() => app.synth()).not.toThrow();
  });
});
