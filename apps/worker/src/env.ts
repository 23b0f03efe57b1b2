import { readBillingEnv, type BillingEnv } from "@saas/billing";
import { parseEnv, port } from "@saas/config";
import { detectPooler, postgresUrl, readReplicaConnection, type DatabaseConnection, type PoolerDetection } from "@saas/db";
import { z } from "zod";

const workerEnvSchema = z.object({
  DATABASE_URL: postgresUrl("DATABASE_URL"),
  PORT: port(3002),
  HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Connections the worker's pool may open (webhooks, jobs). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  /** Bearer secret of POST /cron/:job; without it the cron endpoint answers 503. */
  CRON_SECRET: z.string().min(32, "CRON_SECRET must be at least 32 characters (openssl rand -hex 32)").optional(),
  /** Run the jobs on their cron schedules inside this process (for self-hosters without a scheduler). */
  WORKER_SCHEDULE: z
    .enum(["true", "false"], { error: 'WORKER_SCHEDULE must be "true" or "false"' })
    .default("false")
    .transform((value) => value === "true"),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema> & { billing: BillingEnv; pooler: PoolerDetection; replica: DatabaseConnection["replica"] };

/** Parsed once at boot; a bad value stops the worker with a message naming the variable. */
export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const parsed = parseEnv(workerEnvSchema, env, "worker");
  return {
    ...parsed,
    billing: readBillingEnv(env),
    pooler: detectPooler(parsed.DATABASE_URL, env["DATABASE_POOLER"]),
    replica: readReplicaConnection(env),
  };
}
