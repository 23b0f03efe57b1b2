import { serve } from "@hono/node-server";
import { createApp } from "./app";
import { createWorkerDeps } from "./deps";
import { readWorkerEnv } from "./env";
import { JOBS } from "./jobs/registry";
import { runScheduledJob } from "./jobs/run-job";
import { startScheduler } from "./jobs/scheduler";

const env = readWorkerEnv();
const deps = createWorkerDeps(env, { applicationName: "saas-worker" });
const { db, logger } = deps;
const app = createApp(deps);
if (!deps.cronSecret) logger.warn("CRON_SECRET is not set: POST /cron/:job answers 503");

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.info({ port: info.port }, `worker listening on http://localhost:${info.port}`);
});
const scheduler = env.WORKER_SCHEDULE
  ? startScheduler({ jobs: JOBS, logger, run: (job, scheduledFor) => runScheduledJob(job, scheduledFor, { db, logger, billing: deps.billing }) })
  : null;

// Graceful shutdown: stop accepting, let in-flight requests and scheduled jobs finish, then close
// the pool. A webhook cut off halfway would be rolled back and redelivered, but it would also
// have answered Stripe with an error for nothing.
let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  const serverClosed = new Promise<Error | undefined>((resolve) => server.close(resolve));
  void Promise.all([serverClosed, scheduler?.stop()]).then(async ([error]) => {
    await db.close();
    logger.info("stopped");
    // Logs are written asynchronously: let the last lines out, in order, before exiting.
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    process.exit(error ? 1 : 0);
  });
  setTimeout(() => {
    logger.error("in-flight requests did not finish within 25s; exiting");
    process.exit(1);
  }, 25_000).unref();
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
