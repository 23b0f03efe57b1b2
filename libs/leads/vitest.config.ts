import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["@saas/db/testing/global-setup"],
    testTimeout: 30_000,
    // The large-import test measures the live heap during a run (gc() before each sample).
    execArgv: ["--expose-gc"],
    hookTimeout: 60_000,
  },
});
