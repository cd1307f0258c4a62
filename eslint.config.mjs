import * as effectEslint from "@effect/eslint-plugin"
import tseslint from "typescript-eslint"

const sources = ["**/*.ts", "**/*.mts", "**/*.mjs"]

export default tseslint.config(
  { ignores: ["**/dist/**", "**/.tsbuild/**", "**/node_modules/**", "**/.bench/**", "**/docs/**"] },
  {
    files: sources,
    extends: [tseslint.configs.recommended]
  },
  // The plugin's dprint preset carries no file filter of its own.
  ...effectEslint.configs.dprint.map((config) => ({ ...config, files: sources })),
  {
    files: sources,
    rules: {
      "@effect/dprint": ["error", {
        config: {
          indentWidth: 2,
          lineWidth: 120,
          semiColons: "asi",
          quoteStyle: "alwaysDouble",
          trailingCommas: "never",
          operatorPosition: "maintain",
          "arrowFunction.useParentheses": "force"
        }
      }],
      "@typescript-eslint/array-type": ["error", { default: "generic", readonly: "generic" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error"
    }
  },
  {
    files: ["examples/**/*.ts", "packages/*/bench/**/*.ts", "scripts/**/*.ts"],
    rules: { "no-console": "off" }
  }
)
