import { createDb } from "@saas/db";
import { findFreePort } from "@saas/db/embedded";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { AppError, GENERIC_MESSAGE } from "@saas/errors";
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

describe("errors", () => {
  it("answer an AppError with its status and message, anything else generically with the request id", async () => {
    const app = createApp(testWorkerDeps(t.db, null));
    app.get("/refused", () => {
      throw new AppError("CONFLICT", "Already running.", { reason: "JOB_RUNNING" });
    });
    app.get("/crash", () => {
      throw new Error("connection to postgres://user:hunter2@db failed");
    });
    const refused = await app.request("/refused");
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: { code: "CONFLICT", reason: "JOB_RUNNING", message: "Already running.", requestId: refused.headers.get("x-request-id") } });
    const crash = await app.request("/crash");
    const body = await crash.text();
    expect(crash.status).toBe(500);
    expect(JSON.parse(body)).toEqual({ error: { code: "INTERNAL_SERVER_ERROR", message: GENERIC_MESSAGE, requestId: crash.headers.get("x-request-id") } });
    expect(body).not.toContain("hunter2");
  });
});
