import type { Database, Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import { sql } from "drizzle-orm";

const WINDOW_MS = 60_000;

/**
 * At most `perMinute` assistant requests per person per minute, counted in PostgreSQL (the
 * `rate_limit` table Better Auth uses, under keys of its own) so the limit holds across every
 * instance: one atomic statement per request. Over it: TOO_MANY_REQUESTS (429), with when to retry.
 */
export async function assertWithinAiRateLimit(db: Database | Transaction, userId: string, perMinute: number, now = Date.now()) {
  const key = `ai-chat:${userId}`;
  const [row] = await db.execute<{ count: number; window_start: string }>(sql`
    insert into rate_limit (key, count, last_request) values (${key}, 1, ${now})
    on conflict (key) do update set
      count = case when rate_limit.last_request <= ${now - WINDOW_MS} then 1 else rate_limit.count + 1 end,
      last_request = case when rate_limit.last_request <= ${now - WINDOW_MS} then ${now} else rate_limit.last_request end
    returning count, last_request::text as window_start`);
  if (row && row.count > perMinute) {
    const retryAfter = Math.max(1, Math.ceil((Number(row.window_start) + WINDOW_MS - now) / 1000));
    throw new AppError("TOO_MANY_REQUESTS", `You have sent ${perMinute} messages to the assistant in the last minute. Try again in ${retryAfter} s.`, {
      reason: "AI_RATE_LIMITED",
      details: { retryAfterSeconds: retryAfter },
    });
  }
}
