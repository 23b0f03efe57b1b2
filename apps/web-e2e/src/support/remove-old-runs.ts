import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { E2E_DATA_ROOT, e2eEnvironment } from "./environment.mjs";

/**
 * Global setup: removes the data folders of earlier runs. This run's folder is kept (its
 * database is running), and so is any folder whose PostgreSQL is still up (another run).
 */
export default async function removeOldRuns() {
  const current = path.basename(e2eEnvironment().dataDir);
  const entries = existsSync(E2E_DATA_ROOT) ? await readdir(E2E_DATA_ROOT) : [];
  for (const entry of entries) {
    if (entry === current || existsSync(path.join(E2E_DATA_ROOT, entry, "postgres", "postmaster.pid"))) continue;
    await rm(path.join(E2E_DATA_ROOT, entry), { recursive: true, force: true });
  }
}
