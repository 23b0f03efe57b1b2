// The JavaScript a browser fetches to show a page the first time (nothing cached): loads each
// page in Chromium with a session cookie and sums the compressed (over-the-wire) size of every
// script it fetched. Prints JSON: page → { scripts, gzipKb }.
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";

const { values, positionals } = parseArgs({ options: { base: { type: "string" }, cookie: { type: "string", default: "" } }, allowPositionals: true });
const base = new URL(values.base ?? "");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const result: Record<string, { scripts: number; gzipKb: number }> = {};
try {
  for (const page of positionals) {
    const context = await browser.newContext();
    await context.addCookies(
      (values.cookie ?? "")
        .split("; ")
        .filter(Boolean)
        .map((pair) => ({ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), domain: base.hostname, path: "/" })),
    );
    const tab = await context.newPage();
    let bytes = 0;
    let scripts = 0;
    tab.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      const sizes = await response.request().sizes();
      bytes += sizes.responseBodySize;
      scripts += 1;
    });
    await tab.goto(new URL(page, base).toString(), { waitUntil: "networkidle" });
    await tab.waitForTimeout(500);
    result[page] = { scripts, gzipKb: Math.round((bytes / 1024) * 10) / 10 };
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
