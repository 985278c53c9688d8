/**
 * `infra stages`: every stage with its tier, hosts, roles and GitHub environments, derived from config by the
 * naming contract; the JSON the workflows build their matrices from.
 */
import { STAGE_NAMES } from "../../environments";
import { runStagesCommand } from "../../tools/stages/stages-command";
import { runInfra } from "../support/run-infra";

describe("infra stages", () => {
  const { schemaVersion, stages } = JSON.parse(runStagesCommand("json"));

  test("lists every stage, in promotion order", () => {
    expect(schemaVersion).toBe(1);
    expect(stages.map((s: { name: string }) => s.name).sort()).toEqual([...STAGE_NAMES].sort());
    expect(stages.map((s: { order: number }) => s.order)).toEqual([10, 20, 30]);
  });

  test("gives each stage's roles and environments by the naming contract", () => {
    expect(stages.find((s: { name: string }) => s.name === "production")).toEqual({
      name: "production",
      tier: "production",
      order: 30,
      hosts: ["example.com", "www.example.com", "api.example.com"],
      awsAccountId: "000000000000",
      awsRegion: "eu-west-1",
      deployRoleArn: "arn:aws:iam::000000000000:role/acme-deploy-production",
      planRoleArn: "arn:aws:iam::000000000000:role/acme-plan-production",
      deployEnvironment: "production",
      planEnvironment: "production-plan",
    });
    expect(stages.find((s: { name: string }) => s.name === "staging").planEnvironment).toBeNull();
  });

  test("prints a table for people and exits 0 through the real CLI", async () => {
    const result = await runInfra(["stages"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "| production | production | 30 | example.com, www.example.com, api.example.com | after approval in `production-plan` |",
    );
  });
});
