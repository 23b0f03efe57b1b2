import { sql } from "drizzle-orm";
import type { Database } from "./client";

/**
 * Readiness: does the database answer a trivial query through the app's own pool within the
 * timeout? Never throws; a probe must answer quickly either way.
 */
export async function isDatabaseReady(db: Database, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
