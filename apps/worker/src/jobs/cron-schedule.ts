/**
 * Standard five-field cron expressions (`minute hour day-of-month month day-of-week`, in UTC) for
 * the in-process schedule: `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, and lists `a,b`.
 * Day of week is 0–7 (0 and 7 are Sunday). As in classic cron, when both day fields are
 * restricted a day matching either one matches.
 */

export interface CronSchedule {
  expression: string;
  matches(date: Date): boolean;
}

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

function parseField(text: string, { name, min, max }: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`Bad ${name} "${part}" in cron expression`);
    const [, whole, from, to, step] = match;
    const start = whole === "*" ? min : Number(from);
    const end = whole === "*" ? max : to !== undefined ? Number(to) : step !== undefined ? max : start;
    const stride = step !== undefined ? Number(step) : 1;
    if (start < min || end > max || start > end || stride < 1) {
      throw new Error(`Bad ${name} "${part}" in cron expression (allowed ${min}-${max})`);
    }
    for (let value = start; value <= end; value += stride) values.add(value);
  }
  return values;
}

export function parseCronSchedule(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    throw new Error(`A cron expression has 5 fields (minute hour day-of-month month day-of-week); got "${expression}"`);
  }
  const [minutes, hours, days, months, weekdays] = FIELDS.map((field, index) => parseField(parts[index] ?? "", field)) as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (weekdays.has(7)) weekdays.add(0);
  const dayRestricted = parts[2] !== "*";
  const weekdayRestricted = parts[4] !== "*";

  return {
    expression,
    matches(date) {
      const dayMatches = days.has(date.getUTCDate());
      const weekdayMatches = weekdays.has(date.getUTCDay());
      const day = dayRestricted && weekdayRestricted ? dayMatches || weekdayMatches : dayMatches && weekdayMatches;
      return (
        day &&
        minutes.has(date.getUTCMinutes()) &&
        hours.has(date.getUTCHours()) &&
        months.has(date.getUTCMonth() + 1)
      );
    },
  };
}
