import type { Logger } from "pino";
import type { JobDefinition } from "./registry";

export interface Scheduler {
  /** Stops scheduling and waits for the runs in progress to finish. */
  stop(): Promise<void>;
}

/**
 * The in-process schedule (WORKER_SCHEDULE=true), for self-hosters without an external cron: at
 * the start of every minute (UTC), each job whose expression matches is started — unless this
 * process is still running it. `run` gets the scheduled minute: with several workers, the run
 * claims it in the database first (scheduled-run.ts), so each job runs once per period.
 */
export function startScheduler(options: {
  jobs: readonly JobDefinition[];
  run: (job: JobDefinition, scheduledFor: Date) => Promise<unknown>;
  logger: Logger;
}): Scheduler {
  const running = new Map<string, Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const tick = (minute: Date) => {
    for (const job of options.jobs) {
      if (!job.schedule.matches(minute) || running.has(job.name)) continue;
      const run = options
        .run(job, minute)
        .catch((error: unknown) => options.logger.error({ err: error, job: job.name }, "scheduled job failed"))
        .finally(() => running.delete(job.name));
      running.set(job.name, run);
    }
  };
  const scheduleNextMinute = () => {
    if (stopped) return;
    const next = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000);
    timer = setTimeout(() => {
      tick(next);
      scheduleNextMinute();
    }, next.getTime() - Date.now());
  };

  scheduleNextMinute();
  options.logger.info({ jobs: options.jobs.map((job) => `${job.name} (${job.schedule.expression})`) }, "job schedule started");
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all(running.values());
    },
  };
}
