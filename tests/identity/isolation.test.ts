/**
 * Isolation between stages, decided by an independent IAM evaluator (@cloud-copilot/iam-simulate) on the policies
 * the stacks synthesize: every role's identity policies together with the key policies, the secret resource
 * policies and the state bucket policy. For each role × each stage's secrets key, state key, secrets and state
 * object × each dangerous action, the decision may be Allow only on the role's own stage, and there only where the
 * role's job needs it. KMS requests are tried twice: with the key's real `stage` tag, and as if an attacker had
 * already re-tagged the key with the role's own stage (the tag escalation: tag a production key `development`,
 * then rewrite its policy or schedule its deletion).
 *
 * The specification below is written out here, independently of the product's own consumer table.
 */
import { getStage, STAGE_NAMES } from "../../environments";
import { accountModel, decide, type AccessRequest, type AccountModel, type Decision } from "../support/account-model";
import { synthBootstrap, synthStage } from "../support/synth";

type Kind = "deploy" | "plan" | "fly";

/** Which role reads a secret's value, per consumer: Vercel's values are read while planning (ephemeral) and applying. */
const READERS: Record<string, readonly Kind[]> = {
  vercel: ["deploy", "plan"],
  github: ["deploy"],
  cloudflare: ["deploy"],
  fly: ["fly"],
};

const KEY_ADMINISTRATION = [
  "kms:TagResource",
  "kms:UntagResource",
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
  "kms:UpdateAlias",
  "kms:DisableKey",
  "kms:CreateGrant",
];

interface Row extends AccessRequest {
  /** The stage whose key, secret or state the request touches. */
  readonly target: string;
  readonly own: boolean;
  readonly expected: "Allow" | "Deny";
  readonly why: string;
}

function roleStage(app: string, name: string): { kind: Kind; stage: string | undefined } | undefined {
  const match = new RegExp(`^${app}-(deploy|plan|fly)(?:-(.+))?$`).exec(name);
  return match ? { kind: match[1] as Kind, stage: match[2] } : undefined;
}

function rows(model: AccountModel): Row[] {
  const app = getStage(STAGE_NAMES[0]).app;
  const region = model.region;
  const out: Row[] = [];
  for (const role of model.roles.values()) {
    const who = roleStage(app, role.name);
    if (!who) continue;
    for (const target of STAGE_NAMES) {
      const own = who.stage === target;
      const stage = getStage(target);
      const secretsKey = model.keys.find((k) => k.aliases.includes(`alias/${app}-${target}-secrets`));
      const stateKey =
        model.keys.find((k) => k.aliases.includes(`alias/${app}-${target}-tfstate`)) ??
        model.keys.find((k) => k.aliases.includes(`alias/${app}-tfstate`));
      if (!secretsKey || !stateKey) throw new Error(`stage ${target} has no secrets key or state key in the model`);
      const readsSecrets = (consumers: readonly string[]) => consumers.some((c) => READERS[c]?.includes(who.kind));
      const needs = {
        secretsKey: own && (who.kind === "deploy" || stage.secrets.some((s) => readsSecrets(s.consumers))),
        stateKey: own && who.kind !== "fly",
        readState: own && who.kind !== "fly",
        writeState: own && who.kind === "deploy",
      };
      const add = (request: AccessRequest, allowed: boolean, why: string) =>
        out.push({ ...request, target, own, expected: allowed ? "Allow" : "Deny", why });

      for (const [key, via, use] of [
        [secretsKey, "secretsmanager", needs.secretsKey],
        [stateKey, "s3", needs.stateKey],
      ] as const) {
        const honest = { "aws:ResourceTag/stage": key.tags.stage ?? "", "kms:ResourceAliases": [...key.aliases] };
        const escalated = { ...honest, "aws:ResourceTag/stage": who.stage ?? "" };
        for (const [label, tags] of [
          ["", honest],
          [" (key re-tagged to the role's stage)", escalated],
        ] as const) {
          for (const action of KEY_ADMINISTRATION) {
            const context =
              action === "kms:TagResource"
                ? { ...tags, "aws:RequestTag/stage": who.stage ?? "", "aws:TagKeys": ["stage"] }
                : action === "kms:UntagResource"
                  ? { ...tags, "aws:TagKeys": ["stage"] }
                  : tags;
            add(
              { role: role.name, action, resource: key.arn, context },
              false,
              `only bootstrap administers keys${label}`,
            );
          }
          add(
            {
              role: role.name,
              action: "kms:Decrypt",
              resource: key.arn,
              context: { ...tags, "kms:ViaService": `${via}.${region}.amazonaws.com` },
            },
            use,
            `decrypt ${target}'s ${via} key${label}`,
          );
        }
        for (const alias of key.aliases) {
          add(
            {
              role: role.name,
              action: "kms:UpdateAlias",
              resource: `arn:aws:kms:${region}:${model.accountId}:${alias}`,
            },
            false,
            "only bootstrap re-aliases keys",
          );
        }
      }
      for (const secret of model.secrets.filter((s) => s.name.startsWith(`${app}/${target}/`))) {
        const spec = stage.secrets.find((s) => secret.name === `${app}/${target}/${s.name}`);
        add(
          { role: role.name, action: "secretsmanager:GetSecretValue", resource: secret.arn },
          own && !!spec && readsSecrets(spec.consumers),
          `read ${secret.name}`,
        );
      }
      const object = (key: string) => `arn:aws:s3:::${model.bucket.name}/${key}`;
      add(
        { role: role.name, action: "s3:GetObject", resource: object(`${target}.tfstate`) },
        needs.readState,
        `read ${target}'s state`,
      );
      add(
        { role: role.name, action: "s3:PutObject", resource: object(`${target}.tfstate`) },
        needs.writeState,
        `write ${target}'s state`,
      );
      add(
        { role: role.name, action: "s3:PutObject", resource: object(`${target}.tfstate.tflock`) },
        needs.writeState,
        `lock ${target}'s state`,
      );
      add(
        { role: role.name, action: "s3:DeleteObject", resource: object(`${target}.tfstate.tflock`) },
        needs.writeState,
        `unlock ${target}'s state`,
      );
    }
  }
  return out;
}

const asExpected = (decision: Decision) => (decision === "Allowed" ? "Allow" : "Deny");

describe("isolation between stages (decided by iam-simulate)", () => {
  let model: AccountModel;
  let table: Array<Row & { decision: Decision }>;

  beforeAll(async () => {
    model = accountModel({
      bootstrap: synthBootstrap(),
      ...Object.fromEntries(STAGE_NAMES.map((s) => [s, synthStage(s)])),
    });
    table = [];
    for (const row of rows(model)) table.push({ ...row, decision: await decide(model, row) });
  }, 120000);

  test("every stage has a deploy, a plan and a Fly role in the table", () => {
    const app = getStage(STAGE_NAMES[0]).app;
    for (const stage of STAGE_NAMES) {
      for (const kind of ["deploy", "plan", "fly"]) expect(model.roles.has(`${app}-${kind}-${stage}`)).toBe(true);
    }
    expect(table.length).toBeGreaterThan(500);
  });

  test("each decision is Allow only on the role's own stage, and only where its job needs it", () => {
    const wrong = table
      .filter((r) => asExpected(r.decision) !== r.expected)
      .map((r) => `${r.role} ${r.action} ${r.resource}: ${r.decision}, expected ${r.expected} (${r.why})`);
    expect(wrong).toEqual([]);
  });

  test("no role is allowed anything on another stage's keys, secrets or state", () => {
    const crossing = table.filter((r) => !r.own && r.decision === "Allowed");
    expect(crossing.map((r) => `${r.role} ${r.action} ${r.resource}`)).toEqual([]);
  });

  test("each role can still do its job on its own stage (the Allows the table expects are there)", () => {
    const allowed = (kind: string, action: string) =>
      table.filter((r) => r.own && r.role.includes(`-${kind}-`) && r.action === action && r.decision === "Allowed")
        .length;
    for (const stage of STAGE_NAMES)
      expect(
        table.some(
          (r) =>
            r.role.endsWith(`-deploy-${stage}`) && r.own && r.action === "s3:PutObject" && r.decision === "Allowed",
        ),
      ).toBe(true);
    expect(allowed("plan", "s3:GetObject")).toBe(STAGE_NAMES.length);
    expect(allowed("plan", "secretsmanager:GetSecretValue")).toBeGreaterThan(0);
    expect(allowed("fly", "secretsmanager:GetSecretValue")).toBeGreaterThan(0);
    expect(allowed("deploy", "kms:Decrypt")).toBeGreaterThan(0);
  });

  test("key administration is refused by an explicit deny, so a later Allow cannot widen it", () => {
    const admin = table.filter((r) => KEY_ADMINISTRATION.includes(r.action) || r.action === "kms:UpdateAlias");
    expect(
      admin
        .filter((r) => r.decision !== "ExplicitlyDenied")
        .map((r) => `${r.role} ${r.action} ${r.resource}: ${r.decision}`),
    ).toEqual([]);
  });

  test("a role later given Allow *:* still cannot reach another stage's keys, secrets or state", async () => {
    const app = getStage(STAGE_NAMES[0]).app;
    const [attacker, victim] = [STAGE_NAMES[0], STAGE_NAMES[STAGE_NAMES.length - 1]];
    const role = model.roles.get(`${app}-deploy-${attacker}`)!;
    const widened: AccountModel = {
      ...model,
      roles: new Map([
        ...model.roles,
        [
          role.name,
          {
            ...role,
            identityPolicies: [
              ...role.identityPolicies,
              {
                name: "everything",
                policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
              },
            ],
          },
        ],
      ]),
    };
    const victimRows = table.filter((r) => r.role === role.name && r.target === victim);
    expect(victimRows.length).toBeGreaterThan(20);
    const reached: string[] = [];
    for (const row of victimRows)
      if ((await decide(widened, row)) === "Allowed") reached.push(`${row.action} ${row.resource}`);
    expect(reached).toEqual([]);
  });
});

describe("side doors an attacker with a stage role would try next (decided by iam-simulate)", () => {
  let model: AccountModel;
  beforeAll(() => {
    model = accountModel({
      bootstrap: synthBootstrap(),
      ...Object.fromEntries(STAGE_NAMES.map((s) => [s, synthStage(s)])),
    });
  });

  test("no stage role may read another stage's state through an old version, or use another stage's keys any other way", async () => {
    const app = getStage(STAGE_NAMES[0]).app;
    const allowed: string[] = [];
    for (const role of model.roles.values()) {
      const who = roleStage(app, role.name);
      if (!who?.stage) continue;
      for (const target of STAGE_NAMES.filter((s) => s !== who.stage)) {
        const keys = model.keys.filter((k) => k.aliases.some((a) => a.startsWith(`alias/${app}-${target}-`)));
        const requests: AccessRequest[] = [
          {
            role: role.name,
            action: "s3:GetObjectVersion",
            resource: `arn:aws:s3:::${model.bucket.name}/${target}.tfstate`,
          },
          // s3:ListBucket on the whole bucket is allowed on purpose (object *names* only; the S3 backend lists it):
          // a stage role learns that another stage's state object exists, never what it holds.
          ...keys.flatMap((k) =>
            [
              "kms:ReEncryptFrom",
              "kms:ReEncryptTo",
              "kms:GenerateDataKey",
              "kms:Encrypt",
              "kms:CreateAlias",
              "kms:EnableKey",
              "kms:CancelKeyDeletion",
            ].map((action) => ({
              role: role.name,
              action,
              resource: k.arn,
              context: { "aws:ResourceTag/stage": who.stage!, "kms:ResourceAliases": [...k.aliases] },
            })),
          ),
        ];
        for (const request of requests)
          if ((await decide(model, request)) === "Allowed")
            allowed.push(`${request.role} ${request.action} ${request.resource}`);
      }
    }
    expect(allowed).toEqual([]);
  }, 120_000);

  test("no stage role may create or change roles and policies, pass a role, or rewrite the state bucket's policy", async () => {
    const app = getStage(STAGE_NAMES[0]).app;
    const account = model.accountId;
    const allowed: string[] = [];
    for (const role of model.roles.values()) {
      if (!roleStage(app, role.name)?.stage) continue;
      const requests: AccessRequest[] = [
        ...[
          "iam:CreateRole",
          "iam:PutRolePolicy",
          "iam:AttachRolePolicy",
          "iam:UpdateAssumeRolePolicy",
          "iam:PassRole",
          "iam:DeleteRolePolicy",
        ].map((action) => ({
          role: role.name,
          action,
          resource: `arn:aws:iam::${account}:role/${app}-deploy-${STAGE_NAMES[STAGE_NAMES.length - 1]}`,
        })),
        {
          role: role.name,
          action: "iam:CreatePolicyVersion",
          resource: `arn:aws:iam::${account}:policy/${app}-anything`,
        },
        { role: role.name, action: "s3:PutBucketPolicy", resource: `arn:aws:s3:::${model.bucket.name}` },
        { role: role.name, action: "s3:DeleteBucketPolicy", resource: `arn:aws:s3:::${model.bucket.name}` },
        { role: role.name, action: "s3:PutBucketVersioning", resource: `arn:aws:s3:::${model.bucket.name}` },
      ];
      for (const request of requests)
        if ((await decide(model, request)) === "Allowed")
          allowed.push(`${request.role} ${request.action} ${request.resource}`);
    }
    expect(allowed).toEqual([]);
  }, 120_000);
});
