/** Jest: ts-jest for TypeScript, cdktf matchers from tests/setup.ts, real-Terraform tests given room to run. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  setupFilesAfterEnv: ["<rootDir>/tests/setup.ts"],
  testTimeout: 120000,
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  modulePathIgnorePatterns: ["<rootDir>/cdktf.out", "<rootDir>/.cache"],
};
