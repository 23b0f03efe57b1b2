import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { canConnect } from "../admin";
import { findFreePort } from "../embedded";
import { unprivilegedUser } from "./unprivileged-user";

/**
 * A real PgBouncer in transaction mode on 127.0.0.1, in front of a test server: the topology
 * most managed PostgreSQL providers put between the apps and the database. For tests.
 */
export interface TestPgbouncer {
  /** `serverUrl` with PgBouncer's port instead of the server's (same user, password, database). */
  url(serverUrl: string): string;
  /** The PgBouncer process (a benchmark measures its CPU). */
  pid: number | undefined;
  stop(): Promise<void>;
}

const INSTALL_HINT = "Install it (Debian/Ubuntu: apt-get install pgbouncer; macOS: brew install pgbouncer) or set PGBOUNCER_BIN.";

function which(name: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * The pgbouncer binary: PGBOUNCER_BIN, the PATH, /usr/sbin. Where there is none and apt can run
 * (as root), Debian's package is installed once — as the end-to-end tests provision their
 * browser — so a fresh machine runs the pooler tests instead of skipping them.
 */
export function ensurePgbouncer(): string {
  const found = process.env["PGBOUNCER_BIN"] || which("pgbouncer") || (existsSync("/usr/sbin/pgbouncer") ? "/usr/sbin/pgbouncer" : null);
  if (found) return found;
  if (process.getuid?.() === 0 && which("apt-get")) {
    console.log("pgbouncer is not installed: installing Debian's package for the pooler tests (once)…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "pgbouncer"], { stdio: "inherit", env });
    if (existsSync("/usr/sbin/pgbouncer")) return "/usr/sbin/pgbouncer";
  }
  throw new Error(`The pooler tests need PgBouncer, which is not installed. ${INSTALL_HINT}`);
}


export async function startTestPgbouncer(serverUrl: string): Promise<TestPgbouncer> {
  const binary = ensurePgbouncer();
  const server = new URL(serverUrl);
  const dir = await mkdtemp(path.join(tmpdir(), "saas-pgbouncer-"));
  const port = await findFreePort();
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  await writeFile(path.join(dir, "userlist.txt"), `"${user}" "${password}"\n`);
  await writeFile(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = plain",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      "max_client_conn = 500",
      "default_pool_size = 10",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  const owner = unprivilegedUser();
  if (owner) await chmod(dir, 0o777);
  const child: ChildProcess = spawn(binary, [path.join(dir, "pgbouncer.ini")], {
    stdio: "ignore",
    ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = (target: string) => {
    const pooled = new URL(target);
    pooled.hostname = "127.0.0.1";
    pooled.port = String(port);
    return pooled.toString();
  };
  const stop = async () => {
    child.kill("SIGINT");
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  for (let waited = 0; !(await canConnect(url(serverUrl))); waited += 100) {
    if (child.exitCode !== null || waited > 10_000) {
      await stop();
      throw new Error(`PgBouncer (${binary}) did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid: child.pid, stop };
}
