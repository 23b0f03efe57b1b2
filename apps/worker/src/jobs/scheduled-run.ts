import { hostname } from "node:os";
import type { Database } from "@saas/db";
import { sql } from "drizzle-orm";

/** How long claimed minutes are kept (a week of history for the logs, then deleted). */
const KEEP_DAYS = 7;

/**
 * Claims `job`'s run for the scheduled minute `scheduledFor`, once across every worker: true for
 * the first worker to ask, false for any other (the job then ran, or runs, elsewhere). One
 * statement, so it holds through a transaction pooler.
 */
export async function claimScheduledRun(db: Database, job: string, scheduledFor: Date): Promise<boolean> {
  const claimedBy = `${hostname()}:${process.pid}`;
  const rows = await db.execute(sql`
    with expired as (
      delete from scheduled_job_run where job = ${job} and scheduled_for < ${scheduledFor.toISOString()}::timestamptz - make_interval(days => ${KEEP_DAYS})
    )
    insert into scheduled_job_run (job, scheduled_for, claimed_by)
    values (${job}, ${scheduledFor.toISOString()}::timestamptz, ${claimedBy})
    on conflict do nothing
    returning 1`);
  return rows.length > 0;
}
