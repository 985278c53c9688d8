/** Jest: ts-jest for TypeScript, cdktf matchers from tests/setup.ts, real-Terraform tests given room to run. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  setupFilesAfterEnv: ["<rootDir>/tests/setup.ts"],
  testTimeout: 120000,
  // Two workers on this project's 2-core machines (jest's default leaves one core to itself, so one worker): the
  // real-Terraform suites keep about one core busy (canary-e2e: 65 CPU-s in 70 s), so a second suite fills the other.
  maxWorkers: 2,
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out", "<rootDir>/.cache"],
};
