import { leadTable, type Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import { count, eq, sql } from "drizzle-orm";

// Namespace of the per-organization advisory lock around the lead limit (any constant).
const LEAD_LIMIT_LOCK_NAMESPACE = 727_274_102;

/** A plan's lead limit, as the refusal names it. */
export interface LeadLimit {
  max: number;
  planName: string;
}

const UPGRADE_HINT = "An owner or admin can upgrade the plan on the Billing page.";

/**
 * The organization's lead count, with its writers taking turns until this transaction ends (a
 * transaction-scoped lock): two requests at the last free place, or two imports finishing side
 * by side, cannot both take it. Only organizations with a limit take the lock.
 */
async function countLeadsInTurn(tx: Transaction, organizationId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LEAD_LIMIT_LOCK_NAMESPACE}, hashtext(${organizationId}))`);
  const [leads] = await tx.select({ n: count() }).from(leadTable).where(eq(leadTable.organizationId, organizationId));
  return leads?.n ?? 0;
}

/** Refuses to add `adding` leads past the limit, saying which limit, the count and how to raise it. */
export async function assertRoomForLeads(tx: Transaction, { organizationId, limit, adding }: { organizationId: string; limit: LeadLimit | null; adding: number }) {
  if (!limit) return;
  const have = await countLeadsInTurn(tx, organizationId);
  if (have + adding <= limit.max) return;
  throw new AppError(
    "FORBIDDEN",
    `The ${limit.planName} plan allows ${limit.max} leads and this organization has ${have}. ${UPGRADE_HINT}`,
    { reason: "LEAD_LIMIT_REACHED", details: { limit: "leads", max: limit.max, current: have } },
  );
}

/**
 * For an import about to commit its rows: the count with them, against the limit it was started
 * under. Null when it fits; otherwise why not, for the import's page (nothing is then written).
 */
export async function leadLimitOverrun(tx: Transaction, { organizationId, max }: { organizationId: string; max: number | null }): Promise<string | null> {
  if (max === null) return null;
  const total = await countLeadsInTurn(tx, organizationId);
  if (total <= max) return null;
  return `This import would bring the organization to ${total} leads; its plan allows ${max}. Nothing was imported. ${UPGRADE_HINT} Or import a smaller file.`;
}
