import { createDb } from "@saas/db";
import { findFreePort } from "@saas/db/embedded";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app";
import { testWorkerDeps } from "./testing/test-worker";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

describe("worker probes", () => {
  it("GET /healthz answers while the process is up", async () => {
    const response = await createApp(testWorkerDeps(t.db, null)).request("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz is 200 when the database answers", async () => {
    const response = await createApp(testWorkerDeps(t.db, null)).request("/readyz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", checks: { database: "ok" } });
  });

  it("GET /readyz is 503 when the database is down", async () => {
    // Nothing listens on this port: every connection attempt is refused.
    const down = createDb(`postgresql://postgres:postgres@127.0.0.1:${await findFreePort()}/none`, {
      connectTimeout: 1,
    });
    try {
      const response = await createApp(testWorkerDeps(down, null)).request("/readyz");
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", checks: { database: "down" } });
    } finally {
      await down.close();
    }
  });

  it("unknown routes are a JSON 404, with a request id header", async () => {
    const response = await createApp(testWorkerDeps(t.db, null)).request("/nope");
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});
