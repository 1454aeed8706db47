// Type-aware lint; Prettier owns layout (eslint-config-prettier last). Import boundaries keep each
// folder to its runtime (docs/adr/0002-folders-and-runtimes.md).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

const boundary = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "out/**",
      "node_modules/**",
      "samples/**",
      "test/fixtures/**",
      "**/*.mjs",
      "**/*.cjs",
      "bin/**",
      "bench/**",
      "scripts/**",
      "test/integration/runner/dist/**",
      "vitest.config.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  { files: ["extension/**", "language-server/**"], rules: { "no-console": "error" } },
  {
    files: ["extension/src/cli/**"],
    rules: { "no-console": "off", ...boundary(["vscode", "**/webview/**"]) },
  },
  {
    files: ["extension/**"],
    ignores: ["extension/src/cli/**"],
    rules: boundary(["**/language-server/**", "**/webview/**"]),
  },
  {
    files: ["webview/**"],
    rules: boundary(["vscode", "node:*", "**/extension/**", "**/language-server/**"]),
  },
  {
    files: ["language-server/**"],
    rules: boundary(["vscode", "**/extension/**", "**/webview/**"]),
  },
  {
    files: ["schemas/src/**"],
    rules: boundary([
      "vscode",
      "node:*",
      "**/extension/**",
      "**/webview/**",
      "**/language-server/**",
    ]),
  },
  { files: ["test/**"], rules: { "@typescript-eslint/no-non-null-assertion": "off" } },
  prettier,
);
