import { leadImportChunkTable, leadImportErrorTable, leadImportTable, type Transaction } from "@saas/db";
import { AppError, notFound } from "@saas/errors";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { assertRoomForLeads, type LeadLimit } from "../lead-limit";
import { startLeadImportInput, type LeadImport, type StartLeadImportInput } from "../schemas";

/** Errors shown on the import's page; all of them are in its downloadable error file. */
export const ERRORS_SHOWN = 20;

const where = (organizationId: string, id: string) => and(eq(leadImportTable.id, id), eq(leadImportTable.organizationId, organizationId));

/** An import's state and first errors, for its page (polled while it runs). */
export async function getLeadImport(tx: Transaction, { organizationId }: { organizationId: string }, { id }: { id: string }): Promise<LeadImport> {
  const [row] = await tx.select().from(leadImportTable).where(where(organizationId, id));
  if (!row) throw notFound("Import");
  const errors = await tx
    .select({ line: leadImportErrorTable.line, column: leadImportErrorTable.column, message: leadImportErrorTable.message })
    .from(leadImportErrorTable)
    .where(and(eq(leadImportErrorTable.organizationId, organizationId), eq(leadImportErrorTable.importId, id)))
    .orderBy(asc(leadImportErrorTable.line), asc(leadImportErrorTable.column))
    .limit(ERRORS_SHOWN);
  return {
    id: row.id,
    fileName: row.fileName,
    fileBytes: row.fileBytes,
    header: row.header,
    mapping: row.mapping,
    status: row.status,
    duplicateMode: row.duplicateMode,
    skipInvalidRows: row.skipInvalidRows,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    insertedRows: row.insertedRows,
    updatedRows: row.updatedRows,
    skippedRows: row.skippedRows,
    errorRows: row.errorRows,
    failure: row.failure,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    errors,
  };
}

/**
 * Queues an uploaded import with the person's mapping and choice on duplicates; or, after the
 * check found invalid rows, queues it again to import the valid ones. The caller starts the run
 * once this transaction commits. The plan's lead limit travels with it: the run refuses to
 * commit rows that would pass it.
 */
export async function startLeadImport(
  tx: Transaction,
  { organizationId, leadLimit }: { organizationId: string; leadLimit: LeadLimit | null },
  rawInput: StartLeadImportInput,
) {
  const input = startLeadImportInput.parse(rawInput);
  const [row] = await tx.select().from(leadImportTable).where(where(organizationId, input.id)).for("update");
  if (!row) throw notFound("Import");
  if (row.status !== "uploaded" && row.status !== "needs_review") {
    throw new AppError("CONFLICT", `This import is already ${row.status.replace("_", " ")}.`, { reason: "IMPORT_NOT_STARTABLE" });
  }
  const beyond = Object.entries(input.mapping).find(([, column]) => column !== undefined && column >= row.header.length);
  if (beyond) {
    throw new AppError("BAD_REQUEST", "The mapping names a column the file does not have.", {
      reason: "BAD_MAPPING",
      fieldErrors: { [`mapping.${beyond[0]}`]: "The file has no such column" },
    });
  }
  // Refused at once when already at the limit; the run checks the final count against it.
  await assertRoomForLeads(tx, { organizationId, limit: leadLimit, adding: 1 });
  await tx
    .update(leadImportTable)
    .set({ leadLimit: leadLimit?.max ?? null, status: "queued", mapping: input.mapping, duplicateMode: input.duplicateMode, skipInvalidRows: input.skipInvalidRows, lockedUntil: null, failure: null })
    .where(where(organizationId, input.id));
  return { id: input.id };
}

/** Abandons an import that has not run (or that found errors): its file is deleted, nothing was imported. */
export async function cancelLeadImport(tx: Transaction, { organizationId }: { organizationId: string }, { id }: { id: string }) {
  const canceled = await tx
    .update(leadImportTable)
    .set({ status: "canceled", finishedAt: new Date() })
    .where(and(where(organizationId, id), inArray(leadImportTable.status, ["uploaded", "needs_review"])))
    .returning({ id: leadImportTable.id });
  if (canceled.length === 0) {
    const [row] = await tx.select({ status: leadImportTable.status }).from(leadImportTable).where(where(organizationId, id));
    if (!row) throw notFound("Import");
    throw new AppError("CONFLICT", `This import is ${row.status.replace("_", " ")} and can no longer be cancelled.`, { reason: "IMPORT_NOT_CANCELABLE" });
  }
  await tx.delete(leadImportChunkTable).where(and(eq(leadImportChunkTable.importId, id), eq(leadImportChunkTable.organizationId, organizationId)));
  return { id };
}

/** The organization's latest imports. */
export function listLeadImports(tx: Transaction, { organizationId }: { organizationId: string }) {
  return tx
    .select({
      id: leadImportTable.id,
      fileName: leadImportTable.fileName,
      status: leadImportTable.status,
      insertedRows: leadImportTable.insertedRows,
      updatedRows: leadImportTable.updatedRows,
      errorRows: leadImportTable.errorRows,
      createdAt: leadImportTable.createdAt,
    })
    .from(leadImportTable)
    .where(eq(leadImportTable.organizationId, organizationId))
    .orderBy(desc(leadImportTable.createdAt))
    .limit(10);
}

/** Every recorded error of an import as CSV (line, column, problem), a thousand at a time. */
export async function* leadImportErrorsCsv(tx: Transaction, { organizationId, id }: { organizationId: string; id: string }): AsyncGenerator<string> {
  const [row] = await tx.select({ id: leadImportTable.id }).from(leadImportTable).where(where(organizationId, id));
  if (!row) throw notFound("Import");
  yield `\uFEFF${stringify([["Line", "Column", "Problem"]], { record_delimiter: "windows" })}`;
  let afterLine = -1;
  let afterId = "";
  for (;;) {
    const page = await tx
      .select({ id: leadImportErrorTable.id, line: leadImportErrorTable.line, column: leadImportErrorTable.column, message: leadImportErrorTable.message })
      .from(leadImportErrorTable)
      .where(
        and(
          eq(leadImportErrorTable.organizationId, organizationId),
          eq(leadImportErrorTable.importId, id),
          sqlAfter(afterLine, afterId),
        ),
      )
      .orderBy(asc(leadImportErrorTable.line), asc(leadImportErrorTable.id))
      .limit(1000);
    if (page.length === 0) return;
    yield stringify(
      page.map((error) => [error.line, error.column, error.message]),
      { record_delimiter: "windows", escape_formulas: true },
    );
    const last = page.at(-1);
    if (!last) return;
    afterLine = last.line;
    afterId = last.id;
  }
}

const sqlAfter = (line: number, id: string) =>
  id ? sql`(${leadImportErrorTable.line}, ${leadImportErrorTable.id}) > (${line}, ${id}::uuid)` : undefined;
