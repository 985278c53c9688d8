/**
 * Real `terraform validate` with the AWS provider 5.100.0 on the AWS half of every stage (cut from the stage's
 * own synthesized JSON; see awsPart in tests/support/terraform-harness.ts).
 */
import { STAGE_NAMES } from "../../environments";
import { awsPart, validateConfig } from "../support/terraform-harness";
import { synthStage } from "../support/synth";

describe("AWS resources of every stage pass real terraform validate", () => {
  test.each(STAGE_NAMES)(
    "%s",
    async (stage) => {
      const part = awsPart(synthStage(stage));
      expect(Object.keys(part.resource)).toEqual(
        expect.arrayContaining(["aws_secretsmanager_secret", "aws_secretsmanager_secret_policy"]),
      );
      expect(Object.keys(part.data)).toEqual(expect.arrayContaining(["aws_kms_key"]));
      expect(part.removed.map((r: { from: string }) => r.from.split(".")[0])).toEqual(["aws_kms_key", "aws_kms_alias"]);
      const result = await validateConfig(part);
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.valid).toBe(true);
    },
    120000,
  );
});
