import { isDatabaseReady } from "@saas/db";
import { toHttpError } from "@saas/errors";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { requestId } from "hono/request-id";
import type { WorkerDeps } from "./deps";
import type { HonoEnv } from "./http";
import { registerCron } from "./routes/cron";
import { registerStripeWebhook } from "./routes/stripe-webhook";

export type { WorkerDeps } from "./deps";

/** The worker's HTTP surface. Everything it needs comes in as arguments, so tests build their own. */
export function createApp(deps: WorkerDeps) {
  const { db, logger } = deps;
  const app = new Hono<HonoEnv>();

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    const log = logger.child({ requestId: c.get("requestId") });
    c.set("log", log);
    c.set("logFields", {});
    await next();
    log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), ...c.get("logFields") },
      "request",
    );
  });

  // GET /healthz — the process is up and serving (liveness; no dependencies checked).
  app.get("/healthz", (c) => c.json({ status: "ok" }));

  // GET /readyz — the database answers; 503 tells the load balancer to send traffic elsewhere.
  app.get("/readyz", async (c) => {
    const database = await isDatabaseReady(db);
    return c.json(
      { status: database ? "ok" : "unavailable", checks: { database: database ? "ok" : "down" } },
      database ? 200 : 503,
    );
  });

  registerStripeWebhook(app, deps);
  registerCron(app, deps);

  app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

  // The platform's one error shape (libs/errors): an AppError answers with its status and message;
  // anything else is logged and answered with a generic message and the request id.
  app.onError((error, c) => {
    const { status, body, expected } = toHttpError(error, c.get("requestId"));
    if (!expected) c.get("log").error({ err: error }, "unhandled error");
    return c.json(body, status as ContentfulStatusCode);
  });

  return app;
}
