import { count } from "drizzle-orm";
import type { LagTolerantReads } from "./client";
import { leadTable, memberTable, organizationTable, userTable } from "./schema/tables";

export interface PlatformCounts {
  organizations: number;
  users: number;
  members: number;
  leads: number;
}

/**
 * Platform-wide totals (all tenants): for staff dashboards and the setup check, not tenant code.
 * Lag-tolerant, so they are read on the replica when there is one (`db.reads`).
 */
export async function getPlatformCounts(db: LagTolerantReads): Promise<PlatformCounts> {
  const [[organizations], [users], [members], [leads]] = await Promise.all([
    db.select({ n: count() }).from(organizationTable),
    db.select({ n: count() }).from(userTable),
    db.select({ n: count() }).from(memberTable),
    db.select({ n: count() }).from(leadTable),
  ]);
  return {
    organizations: organizations?.n ?? 0,
    users: users?.n ?? 0,
    members: members?.n ?? 0,
    leads: leads?.n ?? 0,
  };
}
