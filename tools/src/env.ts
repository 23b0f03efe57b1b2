import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv as parseDotEnv } from "node:util";
import { parseEnv, port } from "@saas/config";
import { postgresUrl } from "@saas/db";
import { z } from "zod";

export const WORKSPACE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Loads the workspace's `.env` (when there is one) into process.env without overriding what the
 * shell already set, so `DATABASE_URL=… npm run dev` wins over the file.
 */
export function loadDotEnv(file = path.join(WORKSPACE_ROOT, ".env")): void {
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(parseDotEnv(readFileSync(file, "utf8")))) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

const devEnvSchema = z.object({
  /** An existing server to use instead of the embedded one. */
  DATABASE_URL: postgresUrl("DATABASE_URL").optional(),
  /** With DATABASE_URL: a direct connection for migrations, and whether DATABASE_URL is pooled (see @saas/db). */
  DATABASE_URL_DIRECT: z.string().min(1).optional(),
  DIRECT_URL: z.string().min(1).optional(),
  DATABASE_POOLER: z.string().min(1).optional(),
  /** Where the embedded PostgreSQL keeps its data (and the local mail outbox later). */
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_POSTGRES_PORT: port(54320),
  WEB_PORT: port(3000),
  ADMIN_PORT: port(3001),
  WORKER_PORT: port(3002),
  /**
   * The address the apps listen on. Loopback by default: a development server (demo logins with a
   * published password, the local outbox) is not for the network. 0.0.0.0 to reach it from
   * another device on purpose.
   */
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  /** The apps' public URLs; default to localhost on the ports above. */
  WEB_URL: z.url().optional(),
  ADMIN_URL: z.url().optional(),
  /** Where the apps' local outbox writes emails; default `<DATA_DIR>/mail`. */
  MAIL_OUTBOX_DIR: z.string().min(1).optional(),
  /** When set, the apps send real email and there is no outbox to mention. */
  SMTP_URL: z.string().min(1).optional(),
  /** The Next.js apps' build folder for a test run (e2e, UI checks); unset: their own `.next`. */
  NEXT_DIST_DIR: z.string().trim().min(1).optional(),
});

export type DevEnv = z.infer<typeof devEnvSchema> & { dataDir: string };

/** The configuration of the dev commands, validated once with messages that name the variable. */
export function readDevEnv(env: NodeJS.ProcessEnv = process.env): DevEnv {
  const parsed = parseEnv(devEnvSchema, env, "dev");
  return { ...parsed, dataDir: path.resolve(WORKSPACE_ROOT, parsed.DATA_DIR) };
}
