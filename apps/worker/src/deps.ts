import { createBillingDeps, type BillingDeps } from "@saas/billing";
import { createDb, type Database } from "@saas/db";
import pino, { type Logger } from "pino";
import type { WorkerEnv } from "./env";

/** Billing as the worker runs it: the services' dependencies plus the webhook secrets. */
export type WorkerBilling = BillingDeps & { webhookSecrets: string[] };

export interface WorkerDeps {
  db: Database;
  logger: Logger;
  /** Null when billing is not configured (no STRIPE_SECRET_KEY). */
  billing: WorkerBilling | null;
  /** Null when CRON_SECRET is not set: the cron endpoint is off. */
  cronSecret: string | null;
}

/** The worker's dependencies from its environment — shared by the server and the job CLI. */
export function createWorkerDeps(
  env: WorkerEnv,
  options: {
    applicationName: string;
    /** Where JSON logs go: 1, stdout (the server), or 2, stderr (the CLI, whose stdout is its report). */
    logTo?: 1 | 2;
  },
): WorkerDeps {
  // Asynchronous writes (pino flushes them at exit): a synchronous write per line would block the
  // event loop on a slow log pipe, at every request.
  const logger = pino({ level: env.LOG_LEVEL, base: { service: "worker" } }, pino.destination({ dest: options.logTo ?? 1, sync: false }));
  const replica = env.replica && {
    url: env.replica.url,
    pooler: env.replica.pooler.mode,
    onFallback: (reason: "behind" | "failed", err?: unknown) => logger[reason === "failed" ? "warn" : "debug"]({ err, reason }, "a replica read went to the primary"),
  };
  const db = createDb(env.DATABASE_URL, { applicationName: options.applicationName, max: env.DATABASE_POOL_SIZE, pooler: env.pooler.mode, replica: replica ?? undefined });
  logger.info(
    { pooler: env.pooler.mode, replica: replica !== null },
    `database pooler: ${env.pooler.mode} (${env.pooler.why}); read replica: ${replica ? "yes" : "no"}`,
  );
  const billingDeps = createBillingDeps(db, env.billing);
  const billing = billingDeps && env.billing.configured ? { ...billingDeps, webhookSecrets: env.billing.webhookSecrets } : null;
  if (!env.billing.configured) logger.warn(env.billing.reason);
  else if (env.billing.webhookSecrets.length === 0) logger.warn("STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks are refused");
  return { db, logger, billing, cronSecret: env.CRON_SECRET ?? null };
}
