import { parseEnv } from "@saas/config";
import { z } from "zod";
import { DEMO_STAFF } from "./demo-data";

/**
 * The demo data comes with logins whose password is printed in the README — one of them a
 * platform admin. It belongs in a database on this machine, in development; anywhere else it is
 * refused unless someone says so on purpose with SEED_DEMO_DATA=true.
 */
export const SEED_OVERRIDE = "SEED_DEMO_DATA=true";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

const demoSeedEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  SEED_DEMO_DATA: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
});

export interface DemoSeedSettings {
  nodeEnv: string | undefined;
  /** SEED_DEMO_DATA=true: seed even where it would be refused. */
  override: boolean;
}

/** The two variables the guard reads, validated like every other env (tools/src/env.ts reads the rest). */
export function readDemoSeedEnv(env: NodeJS.ProcessEnv = process.env): DemoSeedSettings {
  const parsed = parseEnv(demoSeedEnvSchema, env, "seed");
  return { nodeEnv: parsed.NODE_ENV, override: parsed.SEED_DEMO_DATA === "true" };
}

/** The host the connection string points at (libs/db accepts no connection string without one). */
function databaseHost(databaseUrl: string): string {
  try {
    return decodeURIComponent(new URL(databaseUrl).hostname).toLowerCase() || "(no host in DATABASE_URL)";
  } catch {
    return "(an unparsable DATABASE_URL)";
  }
}

/**
 * Why the demo data must not be seeded here, or null when it may be. `databaseUrl` unset means
 * the embedded PostgreSQL, which always runs on this machine.
 */
export function demoSeedRefusal({ databaseUrl, nodeEnv, override }: DemoSeedSettings & { databaseUrl: string | undefined }): string | null {
  if (override) return null;
  const reasons: string[] = [];
  if (nodeEnv === "production") reasons.push("NODE_ENV is production");
  const host = databaseUrl === undefined ? "localhost" : databaseHost(databaseUrl);
  if (!LOCAL_HOSTS.has(host)) reasons.push(`the database is on ${host}, not on this machine (localhost, 127.0.0.1 or ::1)`);
  if (reasons.length === 0) return null;
  return (
    `Refusing to seed the demo data: ${reasons.join(", and ")}. ` +
    `It includes logins with a published password, among them ${DEMO_STAFF.email}, a platform admin. ` +
    `To seed it there anyway, on purpose, set ${SEED_OVERRIDE}.`
  );
}
