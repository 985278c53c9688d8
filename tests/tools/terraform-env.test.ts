import { terraformEnv } from "../../tools/terraform";

describe("terraform environment", () => {
  const saved = process.env.GOGC;
  afterEach(() => {
    if (saved === undefined) delete process.env.GOGC;
    else process.env.GOGC = saved;
  });

  test("terraform and its providers run with GOGC=400 unless told otherwise", () => {
    delete process.env.GOGC;
    expect(terraformEnv().GOGC).toBe("400");
  });

  test("a GOGC set by the user or by the caller wins", () => {
    process.env.GOGC = "150";
    expect(terraformEnv().GOGC).toBe("150");
    expect(terraformEnv({ GOGC: "off" }).GOGC).toBe("off");
  });

  test("never interactive, no checkpoint calls, the project-local CLI config", () => {
    const env = terraformEnv();
    expect(env).toMatchObject({ CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" });
    expect(env.TF_CLI_CONFIG_FILE).toMatch(/\.cache\/terraform\.tfrc$/);
  });
});
