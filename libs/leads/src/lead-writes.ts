import { leadTable, type Transaction } from "@saas/db";
import { AppError, notFound } from "@saas/errors";
import { and, eq } from "drizzle-orm";
import { assertAssignable, assertMayAssign, type Actor } from "./actor";
import { findLead } from "./lead-row";
import { assertRoomForLeads, type LeadLimit } from "./lead-limit";
import { createLeadInput, updateLeadInput, type Lead, type LeadFieldsInput, type UpdateLeadInput } from "./schemas";

/** A lead this transaction just wrote, as the API returns it. */
async function readBack(tx: Transaction, organizationId: string, id: string | undefined): Promise<Lead> {
  const lead = id ? await findLead(tx, organizationId, id) : null;
  if (!lead) throw new Error(`The lead just written (${id}) cannot be read back`);
  return lead;
}

interface Target {
  organizationId: string;
  actor: Actor;
}

/** A new lead, within the plan's lead limit (`leadLimit`: null for none; every caller says which). */
export async function createLead(
  tx: Transaction,
  { organizationId, actor, leadLimit }: Target & { leadLimit: LeadLimit | null },
  rawInput: LeadFieldsInput,
): Promise<Lead> {
  const input = createLeadInput.parse(rawInput);
  assertMayAssign(actor, null, input.assignedToId);
  await assertAssignable(tx, organizationId, input.assignedToId);
  await assertRoomForLeads(tx, { organizationId, limit: leadLimit, adding: 1 });
  const [row] = await tx.insert(leadTable).values({ ...input, organizationId }).returning({ id: leadTable.id });
  return readBack(tx, organizationId, row?.id);
}

/**
 * Saves an edit made from the version of `updatedAt`. If someone saved the lead since, nothing is
 * written and the error carries the current lead, so the person can compare and decide (no
 * silent overwrite between two tabs).
 */
export async function updateLead(
  tx: Transaction,
  { organizationId, actor }: Target,
  rawInput: UpdateLeadInput | Record<string, unknown>,
): Promise<Lead> {
  const { id, updatedAt, ...fields } = updateLeadInput.parse(rawInput);
  // Locked until the transaction ends, so the comparison and the write see the same version.
  const [current] = await tx
    .select({ updatedAt: leadTable.updatedAt, assignedToId: leadTable.assignedToId })
    .from(leadTable)
    .where(and(eq(leadTable.id, id), eq(leadTable.organizationId, organizationId)))
    .for("update");
  if (!current) throw notFound("Lead");
  if (current.updatedAt.getTime() !== updatedAt.getTime()) {
    throw new AppError("CONFLICT", "Someone else saved this lead while you were editing it. Review their changes, then save yours again.", {
      reason: "STALE_EDIT",
      details: { current: await findLead(tx, organizationId, id) },
    });
  }
  assertMayAssign(actor, current.assignedToId, fields.assignedToId);
  await assertAssignable(tx, organizationId, fields.assignedToId);
  await tx
    .update(leadTable)
    .set(fields)
    .where(and(eq(leadTable.id, id), eq(leadTable.organizationId, organizationId)));
  return readBack(tx, organizationId, id);
}

export async function deleteLead(tx: Transaction, { organizationId }: { organizationId: string }, { id }: { id: string }) {
  const deleted = await tx
    .delete(leadTable)
    .where(and(eq(leadTable.id, id), eq(leadTable.organizationId, organizationId)))
    .returning({ id: leadTable.id });
  if (deleted.length === 0) throw notFound("Lead");
  return { id };
}
