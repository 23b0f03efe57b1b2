// The browser the Playwright tests need, provisioned once before they run (Nx target
// `web-e2e:ensure-browser`, which `e2e` depends on). In order:
//   1. the OS's Chromium (e.g. /usr/bin/chromium) — used as it is;
//   2. Playwright's own Chromium, already downloaded — used as it is;
//   3. Playwright's own, downloaded now (`playwright install chromium`);
//   4. where that download is impossible (no route to Playwright's CDN) and this process may use
//      the OS package manager (root, or password-less sudo, and apt-get): the OS package;
//   5. otherwise one paragraph that says which command to run — before any test starts, instead
//      of Playwright's generic "Executable doesn't exist" box in the middle of a run.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions, osChromium } from "./browser.mjs";

const started = Date.now();
/** @param {string} message */
const say = (message) => console.log(`ensure-browser: ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

/**
 * Launching is the only reliable test: a downloaded browser can still miss shared libraries.
 * @returns {Promise<string | null>} why it failed, or null when it launched
 */
async function launchFailure() {
  try {
    const browser = await chromium.launch({ ...chromiumLaunchOptions(), timeout: 60_000 });
    await browser.close();
    return null;
  } catch (error) {
    return String(error instanceof Error ? error.message : error).split("\n")[0] ?? "unknown error";
  }
}

/**
 * Runs a command with its output captured.
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ ok: boolean, output: string }}
 */
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { env, encoding: "utf8" });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ?? ""}` };
}

/** The line of a command's output that says why it failed: a network or permission error first. */
function why(/** @type {string} */ output) {
  const lines = output.split("\n").map((line) => line.trim());
  const found =
    lines.find((line) => /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EACCES|EAI_AGAIN/.test(line)) ??
    lines.find((line) => /^(Error|E): /.test(line)) ??
    lines.filter(Boolean).at(-1);
  return found?.replace(/^(Error|E): /, "") ?? "no output";
}

/** The way to run a command as root without a prompt: directly, through `sudo -n`, or none. */
function rootPrefix() {
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync("sudo", ["-n", "true"], { stdio: "ignore" });
  return sudo.status === 0 ? ["sudo", "-n"] : null;
}

/** @returns {string | null} why the OS package could not be installed, or null once it is */
function installOsChromium() {
  const prefix = rootPrefix();
  if (!prefix) return "not root, and sudo asks for a password";
  if (spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status !== 0) return "no apt-get on this machine";
  say("installing Chromium from the OS packages (apt-get install chromium; about a minute)…");
  const [command = "apt-get", ...rest] = [...prefix, "apt-get"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const result = run(command, [...rest, ...args], env);
    if (!result.ok) return `apt-get ${args[0]} failed: ${why(result.output)}`;
  }
  return osChromium() ? null : "apt-get installed no /usr/bin/chromium";
}

async function main() {
  const system = osChromium();
  if (system) {
    const failure = await launchFailure();
    if (!failure) return say(`using ${system}`);
    throw new Error(`${system} is installed but does not start: ${failure}`);
  }
  if (!(await launchFailure())) return say("using Playwright's Chromium");

  say("no Chromium found; downloading Playwright's (npx playwright install chromium, about 170 MB)…");
  const download = run(process.execPath, [playwrightCli(), "install", "chromium"]);
  const downloadFailure = download.ok ? await launchFailure() : `the download failed (${why(download.output)})`;
  if (!downloadFailure) return say("using Playwright's Chromium");

  const osFailure = installOsChromium();
  if (osFailure) {
    throw new Error(
      "The browser tests need Chromium, and none could be found or installed. There is no /usr/bin/chromium; " +
        `Playwright's own: ${downloadFailure}; the OS package: ${osFailure}. ` +
        (download.ok
          ? "Playwright's browser usually lacks shared libraries: run `sudo npx playwright install-deps chromium`, "
          : "Run `npx playwright install chromium` where the network allows it, or install your OS's package " +
            "(`sudo apt-get install chromium` on Debian and Ubuntu), ") +
        "then `npm test` again. Everything but the browser tests runs with `npx nx run-many -t lint typecheck test build`.",
    );
  }
  const failure = await launchFailure();
  if (failure) throw new Error(`The OS's Chromium was installed but does not start: ${failure}`);
  say(`using ${osChromium()}`);
}

/** Playwright's command line, run with this Node.js. */
function playwrightCli() {
  return createRequire(import.meta.url).resolve("@playwright/test/cli");
}

main().catch((error) => {
  console.error(`\n${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
});
