import { memberTable, type Database, type Transaction } from "@saas/db";
import { count, eq } from "drizzle-orm";

/** Seats billed: one per member of the organization (at least one). */
export async function countSeats(db: Database | Transaction, organizationId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(memberTable).where(eq(memberTable.organizationId, organizationId));
  return Math.max(1, row?.n ?? 0);
}
