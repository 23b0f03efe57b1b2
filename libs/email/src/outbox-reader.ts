import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { OutboxEntry } from "./transports";

export type { OutboxEntry };

/** Every message in the outbox, oldest first. */
export async function readOutbox(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const entries = await Promise.all(
    names
      .filter((name) => name.endsWith(".json") && !name.startsWith("."))
      .sort()
      .map(async (name) => JSON.parse(await readFile(path.join(dir, name), "utf8")) as OutboxEntry),
  );
  return entries;
}

/**
 * The newest message to `to` (optionally whose subject contains `subject`), waiting up to
 * `timeoutMs` for it to arrive: emails are written while the request that sends them runs.
 */
export async function waitForEmail(
  dir: string,
  filter: { to: string; subject?: string },
  timeoutMs = 10_000,
): Promise<OutboxEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = (await readOutbox(dir))
      .reverse()
      .find((entry) => entry.to.toLowerCase() === filter.to.toLowerCase() && (!filter.subject || entry.subject.includes(filter.subject)));
    if (match) return match;
    if (Date.now() > deadline) {
      throw new Error(`No email to ${filter.to}${filter.subject ? ` with "${filter.subject}"` : ""} in ${dir}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
