import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseCronSchedule } from "./cron-schedule";
import type { JobDefinition } from "./registry";
import { startScheduler } from "./scheduler";

const logger = pino({ level: "silent" });
const job = (name: string, expression: string): JobDefinition => ({
  name,
  description: name,
  schedule: parseCronSchedule(expression),
  needsBilling: false,
  run: async () => ({}),
});

// The clock is simulated (minutes pass instantly); the jobs' work is a promise the test settles.
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2030-01-01T00:00:30Z"));
});
afterEach(() => vi.useRealTimers());

describe("the in-process schedule", () => {
  it("starts each job at the minutes its expression matches", async () => {
    const started: string[] = [];
    const scheduler = startScheduler({
      jobs: [job("every-minute", "* * * * *"), job("quarter-hour", "*/15 * * * *")],
      logger,
      run: async (j) => void started.push(`${j.name}@${new Date().toISOString().slice(11, 16)}`),
    });
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    await scheduler.stop();
    expect(started.filter((s) => s.startsWith("quarter-hour"))).toEqual(["quarter-hour@00:15"]);
    expect(started.filter((s) => s.startsWith("every-minute"))).toHaveLength(15);
  });

  it("does not start a job again while its previous run is in progress, and stop() waits for it", async () => {
    let finish!: () => void;
    let runs = 0;
    const scheduler = startScheduler({
      jobs: [job("slow", "* * * * *")],
      logger,
      run: () => {
        runs += 1;
        return new Promise<void>((resolve) => (finish = resolve));
      },
    });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(runs).toBe(1);

    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(runs).toBe(1);
  });
});
