// JavaScript, like the Playwright config that imports it: Nx reads that config without a TypeScript loader.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WORKSPACE_ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
/** Each run's database and outbox live in a folder of their own under this one. */
export const E2E_DATA_ROOT = path.join(WORKSPACE_ROOT, "apps/web-e2e/.e2e-data");

/**
 * Free TCP ports, distinct from each other, chosen by the OS. Synchronous, because the
 * Playwright config is.
 * @param {number} count
 * @returns {number[]}
 */
function freePorts(count) {
  const script = `
    const net = require("node:net");
    const servers = Array.from({ length: ${count} }, () => net.createServer());
    let pending = servers.length;
    for (const server of servers) server.listen(0, "127.0.0.1", () => {
      if (--pending === 0) {
        console.log(JSON.stringify(servers.map((s) => s.address().port)));
        for (const s of servers) s.close();
      }
    });`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

/**
 * Ports and folders for one run of the stack: chosen once by the Playwright runner and handed to
 * its worker processes through the environment, so all agree on them. Choosing has no side
 * effect on disk: `npm run dev` creates the data folder itself.
 * @returns {{ webUrl: string, adminUrl: string, workerUrl: string, stripePort: number, aiPort: number, databaseUrl: string, dataDir: string, outbox: string, screenshotsDir: string | null, devEnv: Record<string, string> }}
 */
export function e2eEnvironment() {
  if (!process.env["E2E_RUN"]) {
    process.env["E2E_RUN"] = JSON.stringify({ id: `run-${Date.now().toString(36)}`, ports: freePorts(6) });
  }
  const { id, ports } = JSON.parse(process.env["E2E_RUN"]);
  const [postgres, web, admin, worker, stripe, ai] = ports;
  const dataDir = path.join(E2E_DATA_ROOT, id);
  const outbox = path.join(dataDir, "mail");
  return {
    webUrl: `http://localhost:${web}`,
    adminUrl: `http://localhost:${admin}`,
    workerUrl: `http://localhost:${worker}`,
    stripePort: stripe,
    aiPort: ai,
    // Where specs save screenshots for a person to look at (E2E_SHOTS_DIR); unset: none taken.
    screenshotsDir: process.env["E2E_SHOTS_DIR"] || null,
    databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${postgres}/saas`,
    dataDir,
    outbox,
    devEnv: {
      // The same stack developers run, on ports and a data folder of its own.
      DATABASE_URL: "",
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(postgres),
      WEB_PORT: String(web),
      ADMIN_PORT: String(admin),
      WORKER_PORT: String(worker),
      NEXT_DIST_DIR: ".next-e2e",
      MAIL_OUTBOX_DIR: outbox,
      // As behind a proxy: each test's browser sends its own client address, so rate limits
      // count per test, as they count per person in production.
      AUTH_TRUSTED_IP_HEADER: "x-forwarded-for",
      // Billing on, against the local Stripe-shaped server the billing spec starts on this port
      // (the values are @saas/billing/testing's; billing.spec.ts checks they still match).
      STRIPE_API_BASE_URL: `http://127.0.0.1:${stripe}`,
      STRIPE_SECRET_KEY: "sk_test_local_server",
      STRIPE_WEBHOOK_SECRET: "whsec_test_local_secret",
      STRIPE_PRICE_PRO_MONTHLY: "price_test_pro_monthly",
      STRIPE_PRICE_PRO_YEARLY: "price_test_pro_yearly",
      STRIPE_PRICE_CREDIT_PACK: "price_test_credit_pack",
      // The AI assistant on, against the scripted OpenAI-compatible server the assistant spec
      // starts on this port (@saas/ai/testing): no model, no key, the production provider path.
      AI_PROVIDER: "openai-compatible",
      AI_MODEL: "scripted",
      AI_BASE_URL: `http://127.0.0.1:${ai}/v1`,
      AI_API_KEY: "local-key",
    },
  };
}
