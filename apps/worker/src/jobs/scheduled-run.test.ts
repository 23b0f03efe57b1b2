import { createDb, scheduledJobRunTable } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCronSchedule } from "./cron-schedule";
import type { JobDefinition } from "./registry";
import { runScheduledJob } from "./run-job";

// Two workers with WORKER_SCHEDULE=true, each with its own pool, reach the same scheduled minute.

let t: TestDatabase;
let otherWorkerDb: ReturnType<typeof createDb>;
const logger = pino({ level: "silent" });

beforeAll(async () => {
  t = await createTestDatabase();
  otherWorkerDb = createDb(t.url, { max: 3 });
});
afterAll(async () => {
  await otherWorkerDb.close();
  await t.dispose();
});

function countingJob(name: string, workMs = 0): JobDefinition & { runs: number } {
  const job = {
    name,
    description: name,
    schedule: parseCronSchedule("* * * * *"),
    needsBilling: false,
    runs: 0,
    run: async () => {
      job.runs += 1;
      await new Promise((resolve) => setTimeout(resolve, workMs));
      return {};
    },
  };
  return job;
}

const workers = () => [
  { db: t.db, logger, billing: null },
  { db: otherWorkerDb, logger, billing: null },
];

describe("a scheduled job with several workers", () => {
  it("runs once per period: at the same moment, and when the second worker arrives after the first has finished", async () => {
    const job = countingJob("test-once-per-minute", 50);
    const minute = new Date("2030-01-01T10:00:00Z");
    const [a, b] = workers();

    const together = await Promise.all([runScheduledJob(job, minute, a!), runScheduledJob(job, minute, b!)]);
    expect(together.map((run) => run.status).sort()).toEqual(["ran", "skipped"]);
    expect(job.runs).toBe(1);

    // A quick job: finished before the other worker's tick arrives. The lock alone would run it again.
    const later = await runScheduledJob(job, minute, b!);
    expect(later).toMatchObject({ status: "skipped", reason: expect.stringContaining("another worker has run this job for 2030-01-01T10:00:00.000Z") });
    expect(job.runs).toBe(1);

    // The next minute is a new period.
    expect((await runScheduledJob(job, new Date("2030-01-01T10:01:00Z"), b!)).status).toBe("ran");
    expect(job.runs).toBe(2);
  });

  it("forgets claims older than a week as new ones are made", async () => {
    const job = countingJob("test-cleanup");
    const [a] = workers();
    await runScheduledJob(job, new Date("2030-01-01T00:00:00Z"), a!);
    await runScheduledJob(job, new Date("2030-01-09T00:00:00Z"), a!);
    const claims = await t.db.select().from(scheduledJobRunTable).where(eq(scheduledJobRunTable.job, job.name));
    expect(claims.map((claim) => claim.scheduledFor.toISOString())).toEqual(["2030-01-09T00:00:00.000Z"]);
  });
});
