import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@saas/db/embedded";
import { userTable } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { PASSWORD, TestBrowser } from "@saas/auth/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKSPACE_ROOT } from "../env";
import { startProcess, stopProcess, waitForHttp, type ManagedProcess } from "../processes";
import { layOutNextImage } from "./next-image";

// The production artifacts as they ship — the standalone Next.js servers of web and admin and
// the worker's bundle — started with NODE_ENV=production and the variables production requires,
// against a real database: the production configuration path, not only `next dev`. Run after
// `nx run-many -t build` (npm test's order), by `nx run tools:e2e`.

const ARTIFACTS = {
  web: path.join(WORKSPACE_ROOT, "apps/web/.next/standalone/apps/web/server.js"),
  admin: path.join(WORKSPACE_ROOT, "apps/admin/.next/standalone/apps/admin/server.js"),
  worker: path.join(WORKSPACE_ROOT, "apps/worker/dist/main.mjs"),
};

let t: TestDatabase;
let outbox: string;
const folders: string[] = [];
const running: ManagedProcess[] = [];
/** What each server printed, to check its boot log. */
const output = new Map<string, string>();

beforeAll(async () => {
  const missing = Object.entries(ARTIFACTS).filter(([, file]) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`Build the apps first (npx nx run-many -t build): missing ${missing.map(([name, file]) => `${name} (${path.relative(WORKSPACE_ROOT, file)})`).join(", ")}`);
  }
  t = await createTestDatabase();
  outbox = await mkdtemp(path.join(tmpdir(), "saas-production-outbox-"));
  folders.push(outbox);
});
afterAll(async () => {
  await Promise.all(running.map((process) => stopProcess(process)));
  await t?.dispose();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Starts an artifact (by default the built one) in production mode on a free port and waits for its probe. */
async function start(name: keyof typeof ARTIFACTS, env: Record<string, string>, probe: string, file = ARTIFACTS[name]): Promise<string> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const managed = startProcess(name, process.execPath, [file], {
    cwd: path.dirname(file),
    env: {
      PATH: process.env["PATH"],
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      HOST: "127.0.0.1",
      DATABASE_URL: t.url,
      ...env,
      ...(name === "web" ? { WEB_URL: url } : {}),
      ...(name === "admin" ? { ADMIN_URL: url } : {}),
    },
    colorIndex: running.length,
  });
  running.push(managed);
  output.set(name, "");
  for (const stream of [managed.child.stdout, managed.child.stderr]) stream?.on("data", (chunk: Buffer) => output.set(name, output.get(name) + chunk.toString("utf8")));
  await waitForHttp(`${url}${probe}`, 90_000, () => managed.child.exitCode === null);
  return url;
}

/** A Next.js app laid out as its container image has it (see next-image.ts), deleted after the file. */
async function asInImage(app: "web" | "admin"): Promise<string> {
  const { folder, server } = await layOutNextImage(app);
  folders.push(folder);
  return server;
}

/** The page, and every script it loads, answer 200. */
async function expectPageWithItsScripts(url: string, text: string) {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(text);
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]!);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect((await fetch(new URL(script, url))).status, script).toBe(200);
  return page;
}

const authEnv = () => ({
  BETTER_AUTH_SECRET: randomBytes(32).toString("base64"),
  AUTH_TRUSTED_IP_HEADER: "x-forwarded-for",
  MAIL_OUTBOX_DIR: outbox,
});

describe("the production servers", () => {
  let webUrl = "";

  it("web: the standalone server, as in its image, answers its health probe and serves the sign-in page with its scripts", async () => {
    // As behind a provider's pooler: said explicitly here, the database itself answers.
    const url = await start("web", { ...authEnv(), DATABASE_POOLER: "transaction" }, "/api/health", await asInImage("web"));
    webUrl = url;
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const page = await expectPageWithItsScripts(`${url}/sign-in`, "Sign in");
    // Production headers: no framework banner.
    expect(page.headers.get("x-powered-by")).toBeNull();
    // The boot log says what was decided about the pooler, and why.
    expect(output.get("web")).toContain("database pooler: transaction (DATABASE_POOLER=transaction)");
  });

  it("web without AI_* variables: the assistant page says it is not configured and what to set, the chat route refuses, the rest works", async () => {
    expect(webUrl, "the web server test runs first").not.toBe("");
    const browser = new TestBrowser((request) => fetch(request), webUrl);
    // Anonymous: refused as anonymous, before anything about the assistant is said.
    expect((await browser.post(`${webUrl}/api/chat`, { chatId: crypto.randomUUID(), message: { id: "m1", role: "user", parts: [{ type: "text", text: "Hi" }] } })).status).toBe(401);

    const email = `no-ai-${Date.now()}@example.com`;
    expect((await browser.post("/sign-up/email", { name: "No Model", email, password: PASSWORD })).status).toBe(200);
    await t.db.update(userTable).set({ emailVerified: true }).where(eq(userTable.email, email));
    expect((await browser.post("/sign-in/email", { email, password: PASSWORD })).status).toBe(200);
    expect((await browser.post("/organization/create", { name: "No Model Co", slug: `no-model-${Date.now()}` })).status).toBe(200);

    const page = await browser.get(`${webUrl}/assistant`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("The AI assistant is not configured");
    expect(page.body).toContain("No AI model is configured");
    for (const variable of ["AI_PROVIDER", "AI_MODEL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AI_BASE_URL"]) expect(page.body).toContain(variable);
    expect(output.get("web")).toContain("AI assistant: not configured");

    const chat = await browser.post(`${webUrl}/api/chat`, { chatId: crypto.randomUUID(), message: { id: "m1", role: "user", parts: [{ type: "text", text: "Hi" }] } });
    expect(chat.status).toBe(503);
    expect(chat.body).toMatchObject({ error: { reason: "AI_NOT_CONFIGURED" } });
    // Nothing else depends on it.
    const leads = await browser.get(`${webUrl}/leads`);
    expect(leads.status).toBe(200);
    expect(leads.body).toContain("Leads");
  });

  it("admin: the standalone server, as in its image, answers its health probe and serves its sign-in page with its scripts", async () => {
    const url = await start("admin", { ...authEnv(), WEB_URL: "http://127.0.0.1:1" }, "/api/health", await asInImage("admin"));
    await expectPageWithItsScripts(`${url}/sign-in`, "Sign in");
  });

  it("worker: the bundle, alone in a folder with no node_modules above it, answers its probes and refuses webhooks without billing", async () => {
    // As in its container image: the one file, nothing installed.
    const alone = await mkdtemp(path.join(tmpdir(), "saas-worker-bundle-"));
    folders.push(alone);
    const bundle = path.join(alone, "main.mjs");
    await copyFile(ARTIFACTS.worker, bundle);
    const url = await start("worker", {}, "/healthz", bundle);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/webhooks/stripe`, { method: "POST", body: "{}" })).status).toBe(503);
  });
});
