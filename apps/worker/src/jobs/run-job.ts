import { BILLING_NOT_CONFIGURED_REASON } from "@saas/billing";
import { describeError, withAdvisoryLock } from "@saas/db";
import type { JobContext, JobDefinition } from "./registry";
import { claimScheduledRun } from "./scheduled-run";

// Namespace of the jobs' advisory locks (any constant; the job's name is the key).
export const JOB_LOCK_NAMESPACE = 727_274_201;

export type JobRun =
  | { job: string; status: "ran"; startedAt: string; durationMs: number; result: unknown }
  | { job: string; status: "skipped"; reason: string }
  | { job: string; status: "failed"; startedAt: string; durationMs: number; error: string };

/**
 * Runs a job under a PostgreSQL advisory lock named after it: a second trigger, from any process or
 * machine, finds the lock taken and is skipped instead of running the job twice at once. The lock
 * goes with the connection if the process dies, so a crash never leaves a job locked.
 */
export async function runJob(job: JobDefinition, ctx: Omit<JobContext, "now"> & { now?: Date }): Promise<JobRun> {
  if (job.needsBilling && !ctx.billing) return { job: job.name, status: "skipped", reason: BILLING_NOT_CONFIGURED_REASON };
  const locked = await withAdvisoryLock(ctx.db, { namespace: JOB_LOCK_NAMESPACE, key: job.name }, async (): Promise<JobRun> => {
    const started = new Date();
    const log = ctx.logger.child({ job: job.name });
    try {
      const result = await job.run({ ...ctx, now: ctx.now ?? started });
      const durationMs = Date.now() - started.getTime();
      log.info({ durationMs, result }, "job ran");
      return { job: job.name, status: "ran", startedAt: started.toISOString(), durationMs, result };
    } catch (error) {
      const durationMs = Date.now() - started.getTime();
      log.error({ err: error, durationMs }, "job failed");
      return { job: job.name, status: "failed", startedAt: started.toISOString(), durationMs, error: describeError(error) };
    }
  });
  return locked.acquired ? locked.value : { job: job.name, status: "skipped", reason: "another run of this job is in progress" };
}

/**
 * A run started by the in-process schedule for the minute `scheduledFor`: claimed in the database
 * first, so that with several workers on one schedule each job runs once per period (the lock in
 * `runJob` alone would let a quick job run again on a worker that arrives a moment later).
 */
export async function runScheduledJob(job: JobDefinition, scheduledFor: Date, ctx: Omit<JobContext, "now">): Promise<JobRun> {
  if (!(await claimScheduledRun(ctx.db, job.name, scheduledFor))) {
    return { job: job.name, status: "skipped", reason: `another worker has run this job for ${scheduledFor.toISOString()}` };
  }
  return runJob(job, ctx);
}
