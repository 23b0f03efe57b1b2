import { execFileSync } from "node:child_process";

/**
 * Under root, the uid/gid of the OS user `postgres`, which the embedded server already runs as:
 * PostgreSQL and PgBouncer refuse to run as root. Null when not root.
 */
export function unprivilegedUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}
