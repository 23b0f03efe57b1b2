import { readdir, readFile } from "node:fs/promises";

/**
 * CPU time (user + system, milliseconds) used so far by a process and all its descendants, from
 * /proc (Linux only; elsewhere null). The benchmark reads it before and after the measured run to
 * tell how the machine's CPU was shared between the worker, PostgreSQL and the sender.
 */
export async function processTreeCpuMs(rootPid: number): Promise<number | null> {
  const ticksPerSecond = 100;
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return null;
  }
  const stats = new Map<number, { ppid: number; ticks: number }>();
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        try {
          const stat = await readFile(`/proc/${entry}/stat`, "utf8");
          // Fields after the command name (which may contain spaces) start after the last ')'.
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
        } catch {
          // The process ended meanwhile.
        }
      }),
  );
  if (!stats.has(rootPid)) return null;
  let ticks = 0;
  for (const [pid, { ticks: own }] of stats) {
    for (let current: number | undefined = pid; current; current = stats.get(current)?.ppid) {
      if (current === rootPid) {
        ticks += own;
        break;
      }
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}

/** CPU time (milliseconds) the whole machine has spent busy — every process, all cores — or null off Linux. */
export async function machineBusyCpuMs(): Promise<number | null> {
  try {
    const [total] = (await readFile("/proc/stat", "utf8")).split("\n");
    // cpu  user nice system idle iowait irq softirq steal …
    const ticks = (total ?? "").trim().split(/\s+/).slice(1).map(Number);
    const busy = ticks.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
    return (busy * 1000) / 100;
  } catch {
    return null;
  }
}
