/**
 * The Fly.io app of a stage as synthesis output: `fly.toml` and `fly-scale.json`, rendered (and checked) in the
 * constructor so bad input fails before anything is written. The stack writes `files` into its synthesized
 * directory (cdktf.out/stacks/<stage>/), where the deploy workflow finds them.
 */
import { Construct } from "constructs";
import { flyScalePlan, renderFlyToml, type FlyAppProps, type FlyScalePlan } from "./fly-toml";

export const FLY_TOML_FILE = "fly.toml";
export const FLY_SCALE_FILE = "fly-scale.json";

export class FlyAppConfig extends Construct {
  public readonly flyToml: string;
  public readonly scalePlan: FlyScalePlan;
  /** File name → contents, for the stack's synthesized directory. */
  public readonly files: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: FlyAppProps) {
    super(scope, id);
    this.flyToml = renderFlyToml(props);
    this.scalePlan = flyScalePlan(props);
    this.files = { [FLY_TOML_FILE]: this.flyToml, [FLY_SCALE_FILE]: `${JSON.stringify(this.scalePlan, null, 2)}\n` };
  }
}
