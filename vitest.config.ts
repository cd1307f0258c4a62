import { defineConfig } from "vitest/config"

// Workspace packages resolve to their TypeScript sources through this export condition,
// so tests never need a prior build. Vite's own defaults must be listed again.
const sourceConditions = ["@tmi-effect/source", "module", "node", "development|production"]

export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
