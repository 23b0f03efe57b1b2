import { count } from "drizzle-orm";
import type { Database } from "./client";
import { leadTable, memberTable, organizationTable, userTable } from "./schema/tables";

export interface PlatformCounts {
  organizations: number;
  users: number;
  members: number;
  leads: number;
}

/** Platform-wide totals (all tenants): for staff dashboards and the setup check, not tenant code. */
export async function getPlatformCounts(db: Database): Promise<PlatformCounts> {
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
