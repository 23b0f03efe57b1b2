// JavaScript, like the Playwright config that imports it: Nx reads that config without a TypeScript loader.
import { existsSync } from "node:fs";

/** Where Debian, Ubuntu (non-snap) and Fedora put their Chromium package's executable. */
const OS_CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The OS's own Chromium, when it has one: used before Playwright's, which may not be downloadable. */
export function osChromium() {
  return OS_CHROMIUM_PATHS.find((candidate) => existsSync(candidate)) ?? null;
}

/**
 * Launch options for the browser the tests use: the OS's Chromium when there is one (with the
 * flags a root user in a container needs), otherwise Playwright's own (`npx playwright install
 * chromium`). `ensure-browser.mjs` makes sure one of the two exists before the tests start.
 * @returns {import("@playwright/test").LaunchOptions}
 */
export function chromiumLaunchOptions() {
  const executablePath = osChromium();
  if (!executablePath) return {};
  return { executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] };
}
