import { decodeCursor, encodeCursor, leadTable, userTable, type LeadStatus, type Transaction } from "@saas/db";
import { notFound } from "@saas/errors";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { leadSelection, toLead } from "./lead-row";
import { LeadStatuses, type LeadPage, type MoveLeadInput } from "./schemas";

/**
 * One column of the pipeline board: its leads in board order, a page at a time, so a column of
 * 100,000 leads costs what a column of 20 does (index `lead_board_idx`).
 */
export async function listBoardColumn(
  tx: Transaction,
  { organizationId }: { organizationId: string },
  { status, cursor, limit }: { status: LeadStatus; cursor?: string | null; limit: number },
): Promise<LeadPage> {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await tx
    .select({ ...leadSelection, key: sql<string>`${leadTable.position}::text` })
    .from(leadTable)
    .leftJoin(userTable, eq(userTable.id, leadTable.assignedToId))
    .where(
      and(
        eq(leadTable.organizationId, organizationId),
        eq(leadTable.status, status),
        after ? sql`(${leadTable.position}, ${leadTable.id}) > (${after.key}::numeric, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(leadTable.position), asc(leadTable.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(({ key: _key, ...row }) => toLead(row)),
    nextCursor: rows.length > limit && last ? encodeCursor({ key: last.key, id: last.id }) : null,
  };
}

/** Each column's count and summed estimated value, in pipeline order. */
export async function boardSummary(tx: Transaction, { organizationId }: { organizationId: string }) {
  const rows = await tx
    .select({ status: leadTable.status, count: count(), value: sql<string>`coalesce(sum(${leadTable.estimatedValue}), 0)` })
    .from(leadTable)
    .where(eq(leadTable.organizationId, organizationId))
    .groupBy(leadTable.status);
  const byStatus = new Map(rows.map((row) => [row.status, row]));
  return LeadStatuses.map((status) => ({
    status,
    count: byStatus.get(status)?.count ?? 0,
    value: Number(byStatus.get(status)?.value ?? 0),
  }));
}

/**
 * A card dropped on the board: into `status`, between the card now above it and the one now below
 * it. Its position becomes the midpoint of theirs (numeric, exact: there is always room), one more
 * than the card above when dropped last, one less than the card below when dropped first. A
 * neighbour that moved away in the meantime is ignored.
 */
export async function moveLead(tx: Transaction, { organizationId }: { organizationId: string }, input: MoveLeadInput) {
  const [lead] = await tx
    .select({ id: leadTable.id })
    .from(leadTable)
    .where(and(eq(leadTable.id, input.id), eq(leadTable.organizationId, organizationId)))
    .for("update");
  if (!lead) throw notFound("Lead");
  const neighbourIds = [input.aboveId, input.belowId].filter((id): id is string => Boolean(id) && id !== input.id);
  const neighbours = neighbourIds.length
    ? await tx
        .select({ id: leadTable.id, position: leadTable.position })
        .from(leadTable)
        .where(and(eq(leadTable.organizationId, organizationId), eq(leadTable.status, input.status), inArray(leadTable.id, neighbourIds)))
    : [];
  const above = neighbours.find((row) => row.id === input.aboveId)?.position;
  const below = neighbours.find((row) => row.id === input.belowId)?.position;
  const position =
    above !== undefined && below !== undefined
      ? sql`(${above}::numeric + ${below}::numeric) * 0.5`
      : above !== undefined
        ? sql`${above}::numeric + 1`
        : below !== undefined
          ? sql`${below}::numeric - 1`
          : leadTable.position;
  await tx
    .update(leadTable)
    .set({ status: input.status, position })
    .where(and(eq(leadTable.id, input.id), eq(leadTable.organizationId, organizationId)));
  return { id: input.id, status: input.status };
}
