import { parseEnv, port } from "@saas/config";
import { postgresUrl } from "@saas/db";
import { z } from "zod";

const workerEnvSchema = z.object({
  DATABASE_URL: postgresUrl("DATABASE_URL"),
  PORT: port(3002),
  HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** Parsed once at boot; a bad value stops the worker with a message naming the variable. */
export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, env, "worker");
}
