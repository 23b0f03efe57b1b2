import { describe, expect, it } from "vitest";
import { parseCronSchedule } from "./cron-schedule";
import { JOBS } from "./registry";

const at = (iso: string) => new Date(`${iso}Z`);

describe("parseCronSchedule", () => {
  it.each([
    ["* * * * *", "2030-01-01T00:00", true],
    ["17 * * * *", "2030-01-01T05:17", true],
    ["17 * * * *", "2030-01-01T05:18", false],
    ["*/15 * * * *", "2030-01-01T05:45", true],
    ["*/15 * * * *", "2030-01-01T05:50", false],
    ["23 3 * * *", "2030-06-30T03:23", true],
    ["23 3 * * *", "2030-06-30T04:23", false],
    ["0 9-17/4 * * *", "2030-01-01T13:00", true],
    ["0 9-17/4 * * *", "2030-01-01T11:00", false],
    ["0 0 1,15 * *", "2030-03-15T00:00", true],
    ["0 0 * 2 *", "2030-03-01T00:00", false],
    // Sunday is 0 and 7.
    ["0 0 * * 7", "2030-01-06T00:00", true],
    ["0 0 * * 1-5", "2030-01-06T00:00", false],
    // Both day fields restricted: either matches (the 13th, or any Friday).
    ["0 0 13 * 5", "2030-01-04T00:00", true],
    ["0 0 13 * 5", "2030-01-13T00:00", true],
    ["0 0 13 * 5", "2030-01-14T00:00", false],
  ])("%s at %s → %s", (expression, time, expected) => {
    expect(parseCronSchedule(expression).matches(at(time))).toBe(expected);
  });

  it.each([
    ["* * * *", /5 fields/],
    ["60 * * * *", /minute "60"/],
    ["* 24 * * *", /hour "24"/],
    ["* * 0 * *", /day of month "0"/],
    ["*/0 * * * *", /minute/],
    ["5-1 * * * *", /minute "5-1"/],
    ["mon * * * *", /minute "mon"/],
  ])("refuses %s, naming the field", (expression, message) => {
    expect(() => parseCronSchedule(expression)).toThrow(message);
  });

  it("every job's schedule is valid and fires at least daily", () => {
    for (const job of JOBS) {
      const day = Array.from({ length: 24 * 60 }, (_, minute) => new Date(Date.UTC(2030, 0, 1, 0, minute)));
      expect(day.some((minute) => job.schedule.matches(minute)), job.name).toBe(true);
    }
  });
});
