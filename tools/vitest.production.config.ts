import { defineConfig } from "vitest/config";

/** The production servers' smoke test (`nx run tools:e2e`): run after `nx run-many -t build`. */
export default defineConfig({
  test: {
    include: ["src/production/**/*.test.ts"],
    globalSetup: ["@saas/db/testing/global-setup"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
