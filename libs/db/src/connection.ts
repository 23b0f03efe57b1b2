/**
 * `transaction`: DATABASE_URL goes through a transaction-mode pooler (PgBouncer, Supavisor,
 * Neon's pooler): each transaction may run on another server connection, so named prepared
 * statements and anything session-scoped (session settings, session advisory locks, LISTEN)
 * must not be used on it. `none`: a direct connection (or a session-mode pooler).
 */
export type PoolerMode = "transaction" | "none";

export interface PoolerDetection {
  mode: PoolerMode;
  /** Why, for the boot log: the setting, or what in the URL gave it away. */
  why: string;
}

export interface DatabaseConnection {
  /** DATABASE_URL: what the apps query through (may be pooled). */
  url: string;
  /** DATABASE_URL_DIRECT (or DIRECT_URL): a direct connection, for migrations; null when not given. */
  directUrl: string | null;
  pooler: PoolerDetection;
  /** DATABASE_URL_REPLICA: a read replica for reads that tolerate lag (see replica.ts); null when not given. */
  replica: { url: string; pooler: PoolerDetection } | null;
}

const POOLER_SETTINGS: Record<string, PoolerMode> = { transaction: "transaction", none: "none" };

/**
 * Whether a connection string goes through a transaction-mode pooler. An explicit setting
 * (DATABASE_POOLER=transaction|none) wins; otherwise the providers' conventions are recognised:
 * Neon's `-pooler` hosts, Supabase's pooler on port 6543, PgBouncer's default port 6432, and
 * Prisma's `pgbouncer=true` parameter. Unknown → direct.
 */
export function detectPooler(url: string, setting?: string, name = "DATABASE_URL", settingName = "DATABASE_POOLER"): PoolerDetection {
  const explicit = setting?.trim().toLowerCase();
  if (explicit) {
    const mode = POOLER_SETTINGS[explicit];
    if (!mode) throw new Error(`Invalid configuration: ${settingName} must be "transaction" or "none" (got "${setting}")`);
    return { mode, why: `${settingName}=${mode}` };
  }
  const parsed = new URL(url);
  if (parsed.hostname.includes("-pooler.")) return { mode: "transaction", why: `the host ${parsed.hostname} is Neon's pooler` };
  if (parsed.port === "6543") return { mode: "transaction", why: "port 6543 is Supabase's transaction pooler" };
  if (parsed.port === "6432") return { mode: "transaction", why: "port 6432 is PgBouncer's" };
  if (parsed.searchParams.get("pgbouncer") === "true") return { mode: "transaction", why: "the URL says pgbouncer=true" };
  return { mode: "none", why: `no pooler recognised in ${name} (set ${settingName}=transaction if there is one)` };
}

/**
 * The URL migrations run on: they hold a session advisory lock (one migrator at a time), which a
 * transaction pooler cannot keep — so through one, a direct URL is required.
 */
export function migrationUrl(connection: DatabaseConnection): string {
  if (connection.directUrl) return connection.directUrl;
  if (connection.pooler.mode === "transaction") {
    throw new Error(
      `DATABASE_URL goes through a transaction pooler (${connection.pooler.why}); migrations need a direct connection: set DATABASE_URL_DIRECT (or DIRECT_URL) to your provider's direct connection string.`,
    );
  }
  return connection.url;
}
