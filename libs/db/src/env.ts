import { z } from "zod";
import { detectPooler, type DatabaseConnection } from "./connection";

const POSTGRES_PROTOCOLS = new Set(["postgres:", "postgresql:"]);

/**
 * A PostgreSQL connection string, e.g. `postgresql://user:password@localhost:5432/database`.
 * Refused with a message that says what is wrong, never echoing the password back.
 */
export function postgresUrl(name: string) {
  return z
    .string({ error: `${name} is not set` })
    .trim()
    .min(1, `${name} is empty`)
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({
          code: "custom",
          message: `${name} is not a valid URL; expected postgresql://user:password@host:5432/database`,
        });
        return;
      }
      if (!POSTGRES_PROTOCOLS.has(url.protocol)) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must start with postgresql:// or postgres:// (got ${url.protocol}//)`,
        });
      } else if (!url.hostname) {
        ctx.addIssue({ code: "custom", message: `${name} has no host` });
      } else if (url.pathname.replace(/^\//, "") === "") {
        ctx.addIssue({ code: "custom", message: `${name} has no database name after the host` });
      }
    });
}

/** Validates one connection string and throws an Error whose message names the variable. */
export function parseDatabaseUrl(value: unknown, name = "DATABASE_URL"): string {
  const result = postgresUrl(name).safeParse(value);
  if (!result.success) {
    throw new Error(`Invalid configuration: ${result.error.issues.map((i) => i.message).join("; ")}`);
  }
  return result.data;
}

/**
 * Hides the password of a connection string (in the userinfo or a `password` parameter), for
 * logs and error messages. Anything that is not a postgresql:// URL with a host is not shown at
 * all: `new URL` also parses `user:secret@host/db` (scheme `user:`, an opaque path holding the
 * password), and there is no telling where a password sits in such a string.
 */
export function redactDatabaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return "(unparseable URL)";
  }
  if (!POSTGRES_PROTOCOLS.has(url.protocol) || !url.hostname) return "(not a postgresql:// URL)";
  if (url.password) url.password = "***";
  if (url.searchParams.has("password")) url.searchParams.set("password", "***");
  return url.toString();
}

/**
 * The optional read replica (DATABASE_URL_REPLICA), and whether it is pooled: DATABASE_POOLER_REPLICA
 * when set, otherwise recognised from its URL as DATABASE_URL's is.
 */
export function readReplicaConnection(env: Record<string, string | undefined> = process.env): DatabaseConnection["replica"] {
  if (!env["DATABASE_URL_REPLICA"]) return null;
  const url = parseDatabaseUrl(env["DATABASE_URL_REPLICA"], "DATABASE_URL_REPLICA");
  return { url, pooler: detectPooler(url, env["DATABASE_POOLER_REPLICA"], "DATABASE_URL_REPLICA", "DATABASE_POOLER_REPLICA") };
}

/**
 * The database settings of an app: DATABASE_URL, the optional direct URL (DATABASE_URL_DIRECT,
 * or DIRECT_URL as Neon, Supabase and Prisma name it), whether DATABASE_URL is pooled, and the
 * optional read replica.
 */
export function readDatabaseConnection(env: Record<string, string | undefined> = process.env): DatabaseConnection {
  const url = parseDatabaseUrl(env["DATABASE_URL"]);
  const directName = env["DATABASE_URL_DIRECT"] ? "DATABASE_URL_DIRECT" : env["DIRECT_URL"] ? "DIRECT_URL" : null;
  const directUrl = directName ? parseDatabaseUrl(env[directName], directName) : null;
  return { url, directUrl, pooler: detectPooler(url, env["DATABASE_POOLER"]), replica: readReplicaConnection(env) };
}
