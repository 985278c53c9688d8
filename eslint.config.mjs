// ESLint: typescript-eslint's recommended type-checked rules over every TypeScript file of the project.
// Test files and test support may use `any` on parsed Terraform JSON (its shape is what the tests assert).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["node_modules/", "cdktf.out/", ".gen/", ".cache/", "coverage/", "**/*.mjs", "**/*.cjs", "jest.config.js"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The CLI loads each subcommand's modules with require() when it runs (start-up time of plan review on a
      // large plan), stage files are required by path, and ESM-only SDKs are loaded where used: on purpose.
      "@typescript-eslint/no-require-imports": "off",
      // A leading underscore marks a value left out on purpose (a destructured field dropped from a copy).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // cdktf's static type guards (TerraformResource.isTerraformResource) do not use `this`.
      "@typescript-eslint/unbound-method": ["error", { ignoreStatic: true }],
    },
  },
  {
    // Provider attribute JSON (risk rules, stage files before validation, the generated schema) has the provider's
    // shape, not ours: `any` there is read through guards (obj(), list(), typeof checks), never trusted.
    files: ["tools/plan/risks/**/*.ts", "environments/load.ts", "providers/vercel/generate-schema.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // The bin and its loader are plain CommonJS (they are what loads the TypeScript): linted without type
    // information, with Node's globals.
    files: ["tools/bin/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly" },
    },
  },
  {
    files: ["tests/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      // Stand-in servers take async request handlers; a rejection there fails the test, which is what we want.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
    },
  },
);
