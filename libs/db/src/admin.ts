import postgres from "postgres";
import { parseDatabaseUrl, redactDatabaseUrl } from "./env";

/**
 * Maintenance operations that work on a server rather than inside one database: used by the dev
 * launcher, the test helpers and the readiness probe. Each opens one short-lived connection.
 */

function connect(url: string, connectTimeoutSeconds = 5) {
  return postgres(parseDatabaseUrl(url), {
    max: 1,
    connect_timeout: connectTimeoutSeconds,
    idle_timeout: 1,
    onnotice: () => {},
  });
}

/** True when the server answers `select 1` within the timeout. Never throws. */
export async function canConnect(url: string, timeoutSeconds = 3): Promise<boolean> {
  const sql = connect(url, timeoutSeconds);
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/** The same server, another database. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(parseDatabaseUrl(url));
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a safe database name: ${name}`);
  return `"${name}"`;
}

/** Creates the database unless it exists. `url` points at any database of the server. */
export async function ensureDatabase(url: string, database: string): Promise<boolean> {
  const sql = connect(url);
  try {
    const [existing] = await sql`select 1 from pg_database where datname = ${database}`;
    if (existing) return false;
    await sql.unsafe(`create database ${quoteIdentifier(database)}`);
    return true;
  } catch (error) {
    // Another process created it between the check and the create.
    if ((error as { code?: string }).code === "42P04") return false;
    throw new Error(`Could not create database ${database} on ${redactDatabaseUrl(url)}: ${String(error)}`, {
      cause: error,
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Creates `database` as a copy of `template` (much faster than migrating it again). PostgreSQL
 * refuses while another session is connected to the template, so that case is retried briefly.
 */
export async function cloneDatabase(url: string, template: string, database: string): Promise<void> {
  const sql = connect(url);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await sql.unsafe(
          `create database ${quoteIdentifier(database)} template ${quoteIdentifier(template)}`,
        );
        return;
      } catch (error) {
        const busy = (error as { code?: string }).code === "55006";
        if (!busy || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Drops the database, disconnecting anyone still connected to it. */
export async function dropDatabase(url: string, database: string): Promise<void> {
  const sql = connect(url);
  try {
    await sql.unsafe(`drop database if exists ${quoteIdentifier(database)} with (force)`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Names of the databases whose name starts with `prefix` (to clean up after a test run). */
export async function listDatabases(url: string, prefix: string): Promise<string[]> {
  const sql = connect(url);
  try {
    const rows = await sql<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${prefix})`;
    return rows.map((row) => row.datname);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
