// JavaScript rather than TypeScript so Nx can read it (to infer the e2e target) without a TS loader.
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./src/support/browser.mjs";
import { e2eEnvironment, WORKSPACE_ROOT } from "./src/support/environment.mjs";

const environment = e2eEnvironment();

// The OS's Chromium when there is one, else Playwright's; `nx e2e` provisions one first
// (the ensure-browser target, src/support/ensure-browser.mjs).
const launchOptions = chromiumLaunchOptions();

export default defineConfig({
  testDir: "./src",
  testMatch: "**/*.spec.ts",
  globalSetup: ["./src/support/remove-old-runs.ts", "./src/support/warm-up.ts"],
  // One browser at a time: the apps run in development mode on a 2-core CI machine.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env["CI"]),
  retries: 0,
  // Pages compile on their first visit in development mode (warm-up.ts does most of it before the
  // tests); a cold CI machine still needs generous waits.
  timeout: 240_000,
  expect: { timeout: 45_000 },
  outputDir: "test-results",
  reporter: [["list"]],
  use: {
    baseURL: environment.webUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    navigationTimeout: 90_000,
    actionTimeout: 45_000,
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions } }],
  webServer: {
    // `npm run dev`: embedded PostgreSQL, migrations, demo data, then web, admin and worker.
    command: "npm run dev",
    cwd: WORKSPACE_ROOT,
    env: { .../** @type {Record<string, string>} */ (process.env), ...environment.devEnv },
    url: `${environment.webUrl}/api/health`,
    wait: { stdout: /Ready:/ },
    stdout: "pipe",
    timeout: 300_000,
    reuseExistingServer: false,
    // Ctrl+C, as a developer would: the launcher stops the apps and the database.
    gracefulShutdown: { signal: "SIGINT", timeout: 30_000 },
  },
});
