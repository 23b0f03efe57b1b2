import { startLocalStripeServer, type LocalStripeServer } from "@saas/billing/testing";
import { createCustomerOrganization, proSubscription } from "@saas/billing/testing/fixtures";
import { invitationTable, rateLimitTable, sessionTable, subscriptionTable, verificationTable } from "@saas/db";
import { createTestDatabase, createTestOrganization, type TestDatabase } from "@saas/db/testing";
import { asc, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app";
import { JOB_LOCK_NAMESPACE } from "../jobs/run-job";
import { testWorkerDeps, triggerJob, type TestApp } from "../testing/test-worker";

let stripeServer: LocalStripeServer;
let t: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  stripeServer = await startLocalStripeServer();
});
afterAll(() => stripeServer.close());
// A database per test: the jobs work on every row there is.
beforeEach(async () => {
  t = await createTestDatabase();
  app = createApp(testWorkerDeps(t.db, stripeServer.client()));
});
afterEach(() => t.dispose());

const HOUR = 3_600_000;

/** Sessions, verifications, rate limits and invitations, some expired and some not. */
async function authLeftovers() {
  const { organization, owner } = await createTestOrganization(t.db);
  const now = Date.now();
  await t.db.insert(sessionTable).values([
    { userId: owner.id, token: `expired-${organization.slug}`, expiresAt: new Date(now - HOUR), audience: "customer" },
    { userId: owner.id, token: `live-${organization.slug}`, expiresAt: new Date(now + HOUR), audience: "customer" },
  ]);
  await t.db.insert(verificationTable).values([
    { identifier: `reset:${owner.email}`, value: "old", expiresAt: new Date(now - HOUR) },
    { identifier: `verify:${owner.email}`, value: "new", expiresAt: new Date(now + HOUR) },
  ]);
  await t.db.insert(rateLimitTable).values([
    { key: `127.0.0.1|/sign-in/email|${organization.slug}`, count: 3, lastRequest: now - 48 * HOUR },
    { key: `127.0.0.2|/sign-in/email|${organization.slug}`, count: 1, lastRequest: now - 60_000 },
  ]);
  const invitation = (email: string, status: "pending" | "accepted", expiresAt: number) => ({
    organizationId: organization.id,
    email,
    inviterId: owner.id,
    status,
    expiresAt: new Date(expiresAt),
  });
  await t.db.insert(invitationTable).values([
    invitation("late@example.test", "pending", now - HOUR),
    invitation("early@example.test", "pending", now + HOUR),
    invitation("joined@example.test", "accepted", now - HOUR),
  ]);
  return { organization, owner };
}

async function authSnapshot() {
  return {
    sessions: await t.db.select().from(sessionTable).orderBy(asc(sessionTable.token)),
    verifications: await t.db.select().from(verificationTable).orderBy(asc(verificationTable.identifier)),
    rateLimits: await t.db.select().from(rateLimitTable).orderBy(asc(rateLimitTable.key)),
    invitations: await t.db.select().from(invitationTable).orderBy(asc(invitationTable.email)),
  };
}

describe("POST /cron/:job checks the caller first", () => {
  it.each([
    ["no Authorization header", null],
    ["a wrong secret", "Bearer not-the-secret-not-the-secret-not-the-secret"],
    ["the secret with another scheme", `Basic ${Buffer.from("cron:secret").toString("base64")}`],
    ["an empty bearer token", "Bearer "],
  ])("%s → 401, and the job does not run", async (_label, authorization) => {
    await authLeftovers();
    const before = await authSnapshot();
    const response = await triggerJob(app, "cleanup-auth", authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    expect(await authSnapshot()).toEqual(before);
  });

  it("an unknown job: 401 without the secret (nothing revealed), 404 with it", async () => {
    expect((await triggerJob(app, "mine-bitcoin", null)).status).toBe(401);
    const response = await triggerJob(app, "mine-bitcoin");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "UNKNOWN_JOB", message: expect.stringContaining("cleanup-auth") } });
  });

  it("with no CRON_SECRET configured: 503 for everyone", async () => {
    const closed = createApp({ ...testWorkerDeps(t.db, null), cronSecret: null });
    const response = await triggerJob(closed, "cleanup-auth");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "CRON_NOT_CONFIGURED" } });
  });
});

describe("jobs are idempotent: the second run changes nothing", () => {
  it("cleanup-auth removes expired sessions, verifications and stale rate limits — only those", async () => {
    await authLeftovers();
    const first = await triggerJob(app, "cleanup-auth");
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ job: "cleanup-auth", status: "ran", result: { sessions: 1, verifications: 1, rateLimits: 1 } });
    const after = await authSnapshot();
    expect(after.sessions.map((s) => s.token)).toEqual([expect.stringMatching(/^live-/)]);
    expect(after.verifications.map((v) => v.value)).toEqual(["new"]);
    expect(after.rateLimits.map((r) => r.key)).toEqual([expect.stringMatching(/^127\.0\.0\.2/)]);

    const second = await triggerJob(app, "cleanup-auth");
    expect(await second.json()).toMatchObject({ status: "ran", result: { sessions: 0, verifications: 0, rateLimits: 0 } });
    expect(await authSnapshot()).toEqual(after);
  });

  it("expire-invitations expires pending invitations past their date — not future or accepted ones", async () => {
    await authLeftovers();
    expect(await (await triggerJob(app, "expire-invitations")).json()).toMatchObject({ status: "ran", result: { invitations: 1 } });
    const after = await authSnapshot();
    expect(after.invitations.map((i) => [i.email, i.status])).toEqual([
      ["early@example.test", "pending"],
      ["joined@example.test", "accepted"],
      ["late@example.test", "expired"],
    ]);
    expect(await (await triggerJob(app, "expire-invitations")).json()).toMatchObject({ status: "ran", result: { invitations: 0 } });
    expect(await authSnapshot()).toEqual(after);
  });

  it("reconcile-billing writes what Stripe has and nothing more the second time", async () => {
    const { organization, customer } = await createCustomerOrganization(t.db);
    const subscription = proSubscription(customer, organization.id);
    subscription.items.data[0]!.quantity = 1;
    stripeServer.putSubscription(subscription);

    const first = await triggerJob(app, "reconcile-billing");
    expect(await first.json()).toMatchObject({ status: "ran", result: { created: [subscription.id], corrected: [] } });
    const rows = await t.db.select().from(subscriptionTable);
    const second = await triggerJob(app, "reconcile-billing");
    expect(await second.json()).toMatchObject({ status: "ran", result: { created: [], corrected: [], seatsCorrected: [] } });
    expect(await t.db.select().from(subscriptionTable)).toEqual(rows);
  });

  it("billing jobs are skipped, saying why, when billing is not configured", async () => {
    const unconfigured = createApp(testWorkerDeps(t.db, null));
    const response = await triggerJob(unconfigured, "retry-billing-events");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "skipped", reason: expect.stringContaining("not configured") });
  });

  it("a job that throws answers 500 with its error", async () => {
    stripeServer.failNext("GET", /^\/v1\/subscriptions$/);
    const response = await triggerJob(app, "reconcile-billing");
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ job: "reconcile-billing", status: "failed", error: expect.stringContaining("told to fail") });
  });
});

describe("two runs of one job at once", () => {
  it("one runs, the other is skipped; another job is not held up", async () => {
    const { owner, organization } = await authLeftovers();
    // Hold a lock on an expired session so the first run's DELETE waits, keeping it in progress.
    const blocker = postgres(t.url, { max: 2, onnotice: () => {} });
    const holder = await blocker.reserve();
    try {
      await holder`begin`;
      await holder`select id from session where token = ${`expired-${organization.slug}`} for update`;

      const first = triggerJob(app, "cleanup-auth");
      // Wait until the first run holds its job lock (then our try-lock fails).
      for (;;) {
        const [probe] = await blocker<{ locked: boolean }[]>`
          select pg_try_advisory_lock(${JOB_LOCK_NAMESPACE}, hashtext('cleanup-auth')) as locked`;
        if (!probe?.locked) break;
        await blocker`select pg_advisory_unlock(${JOB_LOCK_NAMESPACE}, hashtext('cleanup-auth'))`;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      const second = await triggerJob(app, "cleanup-auth");
      expect(second.status).toBe(200);
      expect(await second.json()).toMatchObject({ job: "cleanup-auth", status: "skipped", reason: expect.stringContaining("in progress") });
      expect(await (await triggerJob(app, "expire-invitations")).json()).toMatchObject({ status: "ran" });

      await holder`rollback`;
      const firstResponse = await first;
      expect(await firstResponse.json()).toMatchObject({ status: "ran", result: { sessions: 1 } });
    } finally {
      holder.release();
      await blocker.end();
    }
    const sessions = await t.db.select().from(sessionTable).where(eq(sessionTable.userId, owner.id));
    expect(sessions).toHaveLength(1);
  });
});
