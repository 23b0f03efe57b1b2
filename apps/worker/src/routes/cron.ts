import { createHash, timingSafeEqual } from "node:crypto";
import type { Hono } from "hono";
import type { WorkerDeps } from "../deps";
import { errorBody, type HonoEnv } from "../http";
import { findJob, JOBS } from "../jobs/registry";
import { runJob } from "../jobs/run-job";

/**
 * Compares the presented bearer token with the secret in constant time: both are hashed first,
 * so neither the content nor the length of the secret leaks through timing.
 */
function bearerMatches(header: string | undefined, secret: string): boolean {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(token), digest(secret));
}

export function registerCron(app: Hono<HonoEnv>, deps: WorkerDeps) {
  // POST /cron/:job — bearer CRON_SECRET (constant time), then the named job under its advisory lock.
  app.post("/cron/:job", async (c) => {
    if (!deps.cronSecret) return c.json(errorBody(c, "CRON_NOT_CONFIGURED", "CRON_SECRET is not set on this worker."), 503);
    // Identity first: an unknown caller learns nothing, not even which jobs exist.
    if (!bearerMatches(c.req.header("authorization"), deps.cronSecret)) {
      c.header("WWW-Authenticate", 'Bearer realm="cron"');
      return c.json(errorBody(c, "UNAUTHORIZED", "A valid bearer token (CRON_SECRET) is required."), 401);
    }
    const name = c.req.param("job");
    const job = findJob(name);
    if (!job) {
      return c.json(errorBody(c, "UNKNOWN_JOB", `No job "${name}". Jobs: ${JOBS.map((j) => j.name).join(", ")}.`), 404);
    }
    const run = await runJob(job, { db: deps.db, logger: c.get("log"), billing: deps.billing });
    return c.json(run, run.status === "failed" ? 500 : 200);
  });
}
