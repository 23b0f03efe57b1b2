import { createDb } from "@saas/db";
import { sql } from "drizzle-orm";

export interface ConnectionUse {
  /** Most server connections to the database seen at once (PostgreSQL's `pg_stat_activity`). */
  max: number;
  /** Of those, most running a statement at once. */
  maxActive: number;
  samples: number;
}

/**
 * Samples, every 100 ms until stopped, how many server connections the benchmark's database has
 * (what `max_connections` is spent on), from a connection of its own to the `postgres` database.
 * The benchmark's own pools (application names starting with `saas-bench`) are left out.
 */
export function sampleConnections(serverUrl: string, database: string) {
  const db = createDb(serverUrl, { max: 1, applicationName: "saas-bench-sampler" });
  const use: ConnectionUse = { max: 0, maxActive: 0, samples: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const [row] = await db.execute<{ total: number; active: number }>(sql`
        select count(*)::int as total, count(*) filter (where state = 'active')::int as active
        from pg_stat_activity
        where datname = ${database} and backend_type = 'client backend' and application_name not like 'saas-bench%'`);
      use.max = Math.max(use.max, row?.total ?? 0);
      use.maxActive = Math.max(use.maxActive, row?.active ?? 0);
      use.samples += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop(): Promise<ConnectionUse> {
      running = false;
      await loop;
      await db.close();
      return use;
    },
  };
}
