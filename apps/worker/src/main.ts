import { serve } from "@hono/node-server";
import { createDb } from "@saas/db";
import pino from "pino";
import { createApp } from "./app";
import { readWorkerEnv } from "./env";

const env = readWorkerEnv();
const logger = pino({ level: env.LOG_LEVEL, base: { service: "worker" } });
const db = createDb(env.DATABASE_URL, { applicationName: "saas-worker" });
const app = createApp({ db, logger });

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  logger.info({ port: info.port }, `worker listening on http://localhost:${info.port}`);
});

// Graceful shutdown: stop accepting, let in-flight requests finish, then close the pool.
let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  server.close(async (error) => {
    await db.close();
    logger.info("stopped");
    process.exit(error ? 1 : 0);
  });
  setTimeout(() => {
    logger.error("in-flight requests did not finish within 25s; exiting");
    process.exit(1);
  }, 25_000).unref();
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
