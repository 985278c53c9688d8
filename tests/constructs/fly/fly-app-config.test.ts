/**
 * FlyAppConfig specifies a Fly app's synthesis output: `fly.toml` (the renderer's, see fly-toml.test.ts) and
 * `fly-scale.json` (the scale plan, pretty-printed), as the files the stack writes into its synthesized directory,
 * rendered and checked in the constructor so that bad props fail before anything is written. It declares no
 * Terraform resource. The props are production's as the stack maps them (flyProps).
 */
import { Testing } from "cdktf";
import { parse } from "smol-toml";
import { FlyAppConfig } from "../../../constructs/fly/fly-app-config";
import { getStage } from "../../../environments";
import { findCredentials } from "../../../environments/credential-detector";
import { flyProps } from "../../../stacks/environment-stack";
import { FAKE } from "../../fixtures/fake-credentials";

const props = flyProps(getStage("production"));
let config: FlyAppConfig | undefined;
const out = Testing.synthScope((scope) => {
  config = new FlyAppConfig(scope, "fly", props);
});
const files = config!.files;

describe("FlyAppConfig", () => {
  test("offers exactly fly.toml and fly-scale.json", () => {
    expect(Object.keys(files)).toEqual(["fly.toml", "fly-scale.json"]);
  });

  test("renders fly.toml for the app with no credential in it", () => {
    expect(files["fly.toml"]).toContain(`app = "acme-api"`);
    expect(files["fly.toml"]).toBe(config!.flyToml);
    expect(findCredentials(parse(files["fly.toml"]))).toEqual([]);
    expect(findCredentials(files["fly.toml"])).toEqual([]);
  });

  test("writes the scale plan to fly-scale.json as indented JSON with a final newline", () => {
    expect(files["fly-scale.json"]).toBe(`${JSON.stringify(config!.scalePlan, null, 2)}\n`);
    expect(JSON.parse(files["fly-scale.json"])).toMatchObject({
      app: "acme-api",
      stage: "production",
      totalMachines: 4,
    });
  });

  test("declares no Terraform resource", () => {
    expect(JSON.parse(out).resource).toBeUndefined();
  });

  test("throws in the constructor, before any file is written, when [env] holds a credential", () => {
    expect(() =>
      Testing.synthScope(
        (scope) => void new FlyAppConfig(scope, "fly", { ...props, env: { PRIMARY_DB: FAKE.urlWithPassword } }),
      ),
    ).toThrow(/^fly\.toml of acme-api: env PRIMARY_DB \(looks like a database connection string with a password\)/);
  });
});
