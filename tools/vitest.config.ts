import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // The production servers' smoke test needs the builds: `nx run tools:e2e`, after them.
    exclude: ["src/production/**"],
    globalSetup: ["@saas/db/testing/global-setup"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
