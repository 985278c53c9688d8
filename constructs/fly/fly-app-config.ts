/**
 * The Fly.io app of a stage as synthesis output: `fly.toml` and `fly-scale.json` written into the stack's
 * directory (cdktf.out/stacks/<stage>/) by every `cdktf synth`, and by nothing else. Rendering happens in the
 * constructor so bad input fails before anything is written.
 */
import { type ISynthesisSession, TerraformStack } from "cdktf";
// Not re-exported from the package root; it is how cdktf's own assets write files into a stack's directory.
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StageConfig } from "../../environments";
import { flyScalePlan, renderFlyToml, type FlyScalePlan } from "./fly-toml";

export const FLY_TOML_FILE = "fly.toml";
export const FLY_SCALE_FILE = "fly-scale.json";

export interface FlyAppConfigProps {
  readonly stage: StageConfig;
}

export class FlyAppConfig extends Construct {
  public readonly flyToml: string;
  public readonly scalePlan: FlyScalePlan;

  constructor(scope: Construct, id: string, props: FlyAppConfigProps) {
    super(scope, id);
    this.flyToml = renderFlyToml(props.stage);
    this.scalePlan = flyScalePlan(props.stage);
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      onSynthesize: (session: ISynthesisSession) => {
        const dir = join(session.outdir, session.manifest.forStack(stack).workingDirectory);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, FLY_TOML_FILE), this.flyToml);
        writeFileSync(join(dir, FLY_SCALE_FILE), `${JSON.stringify(this.scalePlan, null, 2)}\n`);
      },
    });
  }
}
