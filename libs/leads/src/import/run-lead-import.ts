import {
  leadImportChunkTable,
  leadImportErrorTable,
  leadImportTable,
  leadTable,
  memberTable,
  userTable,
  type Database,
  type LeadImportDuplicateMode,
  type Transaction,
} from "@saas/db";
import { describeError } from "@saas/db";
import { isAppError } from "@saas/errors";
import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { leadLimitOverrun } from "../lead-limit";
import { MAX_IMPORT_ROWS, type ImportMapping, type LeadFields } from "../schemas";
import { readCsvRows, type CsvRow } from "./read-csv";
import { rowToLead, type RowProblem } from "./row-to-lead";

/** Rows written per statement. */
export const IMPORT_BATCH_ROWS = 1000;
/** Errors kept per import (the count goes on; a file of 200,000 bad rows needs no 200,000 messages). */
export const MAX_STORED_ERRORS = 10_000;
/** How long a run owns its import before another instance may take it over (a crash). */
export const IMPORT_LEASE_SECONDS = 120;
/** Attempts before an import that keeps failing is marked failed. */
export const MAX_IMPORT_ATTEMPTS = 3;

export type ImportRunOutcome = "completed" | "needs_review" | "failed" | "not_claimed";

interface Claimed {
  id: string;
  organizationId: string;
  createdById: string | null;
  header: string[];
  mapping: ImportMapping;
  duplicateMode: LeadImportDuplicateMode;
  skipInvalidRows: boolean;
  leadLimit: number | null;
  attempts: number;
}

/** The rows would pass the plan's lead limit: the import fails with this, nothing written. */
class LeadLimitOverrun extends Error {}

/**
 * Runs a queued import to its end, wherever it was queued from (the web request that started it,
 * or the worker's `resume-lead-imports` job after a crash). Claiming takes a lease, so two
 * instances never run the same import; the run renews it while it works.
 *
 * 1. Check every row (the same schema as the form), recording each invalid row's line, column and
 *    why. Invalid rows, and the person has not said to leave them out → `needs_review`, nothing
 *    written.
 * 2. Otherwise write the valid rows — duplicates by email skipped, updated or created as chosen —
 *    in ONE transaction with the import's final counts: all of it lands, or none of it (a crash
 *    rolls back, and the lease lets the run start over).
 *
 * The file is read from the database a piece at a time, and written a thousand rows at a time:
 * memory does not grow with the file.
 */
export async function runLeadImport(db: Database, importId: string): Promise<ImportRunOutcome> {
  const claimed = await claim(db, importId);
  if (!claimed) return "not_claimed";
  const heartbeat = setInterval(() => {
    void db
      .update(leadImportTable)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${IMPORT_LEASE_SECONDS})` })
      .where(and(eq(leadImportTable.id, importId), eq(leadImportTable.status, "running")))
      .catch(() => {});
  }, (IMPORT_LEASE_SECONDS * 1000) / 4);
  heartbeat.unref();
  try {
    const check = await checkRows(db, claimed);
    if (check.failure) return await finish(db, claimed, { status: "failed", failure: check.failure });
    if (check.invalid > 0 && !claimed.skipInvalidRows) {
      return await finish(db, claimed, { status: "needs_review", totalRows: check.total, errorRows: check.invalid });
    }
    await writeRows(db, claimed, check);
    return "completed";
  } catch (error) {
    // Not an outage: retrying would overrun again.
    if (error instanceof LeadLimitOverrun) return await finish(db, claimed, { status: "failed", failure: error.message });
    // Anything else (the database went away): give the lease back for a later attempt, or give up.
    const giveUp = claimed.attempts >= MAX_IMPORT_ATTEMPTS;
    await db
      .update(leadImportTable)
      .set(
        giveUp
          ? { status: "failed", failure: "The import could not be completed. Try again, or contact support.", lockedUntil: null, finishedAt: new Date() }
          : { lockedUntil: sql`now() + interval '30 seconds'` },
      )
      .where(eq(leadImportTable.id, importId));
    if (giveUp) return "failed";
    throw new Error(`Import ${importId} failed (attempt ${claimed.attempts}): ${describeError(error)}`, { cause: error });
  } finally {
    clearInterval(heartbeat);
  }
}

/** Imports waiting to run, or whose run lost its lease (its process died): for the worker's job. */
export async function listRunnableLeadImports(db: Database, { limit = 10 }: { limit?: number } = {}): Promise<string[]> {
  const rows = await db
    .select({ id: leadImportTable.id })
    .from(leadImportTable)
    .where(and(inArray(leadImportTable.status, ["queued", "running"]), or(isNull(leadImportTable.lockedUntil), lt(leadImportTable.lockedUntil, sql`now()`))))
    .orderBy(asc(leadImportTable.updatedAt))
    .limit(limit);
  return rows.map((row) => row.id);
}

async function claim(db: Database, importId: string): Promise<Claimed | null> {
  const [row] = await db
    .update(leadImportTable)
    .set({
      status: "running",
      lockedUntil: sql`now() + make_interval(secs => ${IMPORT_LEASE_SECONDS})`,
      attempts: sql`${leadImportTable.attempts} + 1`,
      startedAt: sql`coalesce(${leadImportTable.startedAt}, now())`,
      processedRows: 0,
    })
    .where(
      and(
        eq(leadImportTable.id, importId),
        inArray(leadImportTable.status, ["queued", "running"]),
        or(isNull(leadImportTable.lockedUntil), lt(leadImportTable.lockedUntil, sql`now()`)),
      ),
    )
    .returning();
  if (!row?.mapping || !row.duplicateMode) return null;
  return {
    id: row.id,
    organizationId: row.organizationId,
    createdById: row.createdById,
    header: row.header,
    mapping: row.mapping,
    duplicateMode: row.duplicateMode,
    skipInvalidRows: row.skipInvalidRows,
    leadLimit: row.leadLimit,
    attempts: row.attempts,
  };
}

/** The file's rows, read from the database a piece at a time, inside `tx` (tenant-scoped). */
async function* fileRows(tx: Transaction, claimed: Claimed): AsyncGenerator<CsvRow> {
  async function* pieces() {
    for (let seq = 0; ; seq++) {
      const [piece] = await tx
        .select({ data: leadImportChunkTable.data })
        .from(leadImportChunkTable)
        .where(and(eq(leadImportChunkTable.importId, claimed.id), eq(leadImportChunkTable.organizationId, claimed.organizationId), eq(leadImportChunkTable.seq, seq)));
      if (!piece) return;
      yield piece.data;
    }
  }
  let first = true;
  for await (const row of readCsvRows(pieces())) {
    if (first) {
      first = false; // the header
      continue;
    }
    yield row;
  }
}

interface CheckResult {
  total: number;
  invalid: number;
  failure?: string;
}

/** Step 1: every row checked, nothing written but the errors (in their own transaction). */
async function checkRows(db: Database, claimed: Claimed): Promise<CheckResult> {
  return db.withTenant(
    claimed.organizationId,
    async (tx) => {
      await tx.delete(leadImportErrorTable).where(and(eq(leadImportErrorTable.importId, claimed.id), eq(leadImportErrorTable.organizationId, claimed.organizationId)));
      const members = await memberEmails(tx, claimed.organizationId);
      let total = 0;
      let invalid = 0;
      let stored = 0;
      let errors: (RowProblem & { line: number })[] = [];
      const storeErrors = async () => {
        if (errors.length === 0) return;
        await tx.insert(leadImportErrorTable).values(errors.map((error) => ({ ...error, importId: claimed.id, organizationId: claimed.organizationId })));
        errors = [];
      };
      try {
        for await (const row of fileRows(tx, claimed)) {
          total += 1;
          if (total > MAX_IMPORT_ROWS) {
            return { total, invalid, failure: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-US")} rows. Split it into smaller files.` };
          }
          const { problems } = readRow(row, claimed, members);
          if (problems.length) {
            invalid += 1;
            for (const problem of problems) {
              if (stored >= MAX_STORED_ERRORS) break;
              errors.push({ ...problem, line: row.line });
              stored += 1;
            }
            if (errors.length >= IMPORT_BATCH_ROWS) await storeErrors();
          }
          if (total % IMPORT_BATCH_ROWS === 0) await progress(db, claimed.id, { processedRows: total });
        }
      } catch (error) {
        if (isAppError(error)) return { total, invalid, failure: error.message };
        throw error;
      }
      await storeErrors();
      if (total === 0) return { total, invalid, failure: "The file has a header but no rows to import." };
      await progress(db, claimed.id, { processedRows: total });
      return { total, invalid };
    },
    { actorId: claimed.createdById ?? undefined },
  );
}

/** A row as a lead, or what is wrong with it (a row wider than the header is wrong too). */
function readRow(row: CsvRow, claimed: Claimed, members: Map<string, string>) {
  if (row.cells.length > claimed.header.length && row.cells.slice(claimed.header.length).some((cell) => cell.trim() !== "")) {
    return { lead: null, problems: [{ column: "(row)", message: `This row has ${row.cells.length} cells; the header has ${claimed.header.length}` }] } as const;
  }
  return rowToLead(row.cells, { mapping: claimed.mapping, header: claimed.header, members });
}

/**
 * Step 2: the valid rows written in one transaction, with the import's outcome. Duplicates are
 * found by email (stored lower-cased) among the organization's leads and the file's earlier rows.
 */
async function writeRows(db: Database, claimed: Claimed, check: CheckResult) {
  await progress(db, claimed.id, { totalRows: check.total, processedRows: 0 });
  await db.withTenant(
    claimed.organizationId,
    async (tx) => {
      const members = await memberEmails(tx, claimed.organizationId);
      const counts = { inserted: 0, updated: 0, skipped: 0, invalid: 0 };
      let batch: ImportedRow[] = [];
      let seen = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        await writeBatch(tx, claimed, batch, counts);
        batch = [];
        await progress(db, claimed.id, { processedRows: seen });
      };
      for await (const row of fileRows(tx, claimed)) {
        seen += 1;
        const read = readRow(row, claimed, members);
        if (!read.lead) {
          counts.invalid += 1;
          continue;
        }
        batch.push({ lead: read.lead, provided: read.provided });
        if (batch.length >= IMPORT_BATCH_ROWS) await flush();
      }
      await flush();
      // Counted with this import's rows, other writers waiting their turn: over the plan's limit,
      // everything above rolls back.
      const overrun = await leadLimitOverrun(tx, { organizationId: claimed.organizationId, max: claimed.leadLimit });
      if (overrun) throw new LeadLimitOverrun(overrun);
      // The outcome lands with the rows; the uploaded file is no longer needed.
      await tx
        .update(leadImportTable)
        .set({
          status: "completed",
          totalRows: check.total,
          processedRows: check.total,
          insertedRows: counts.inserted,
          updatedRows: counts.updated,
          skippedRows: counts.skipped,
          errorRows: counts.invalid,
          lockedUntil: null,
          finishedAt: new Date(),
        })
        .where(and(eq(leadImportTable.id, claimed.id), eq(leadImportTable.organizationId, claimed.organizationId)));
      await tx.delete(leadImportChunkTable).where(and(eq(leadImportChunkTable.importId, claimed.id), eq(leadImportChunkTable.organizationId, claimed.organizationId)));
    },
    { actorId: claimed.createdById ?? undefined },
  );
}

interface ImportedRow {
  lead: LeadFields;
  /** The fields the row has a value for: an update changes those and keeps the rest. */
  provided: Set<keyof LeadFields>;
}

async function writeBatch(
  tx: Transaction,
  claimed: Claimed,
  batch: ImportedRow[],
  counts: { inserted: number; updated: number; skipped: number },
) {
  const organizationId = claimed.organizationId;
  const toInsert = new Map<string | symbol, LeadFields>();
  const updates: { id: string; row: ImportedRow }[] = [];
  if (claimed.duplicateMode === "create") {
    for (const row of batch) toInsert.set(Symbol(), row.lead);
  } else {
    const emails = [...new Set(batch.flatMap(({ lead }) => (lead.email ? [lead.email] : [])))];
    // Earlier batches of this run are in the same transaction, so this finds the file's own
    // duplicates too, with nothing held in memory across batches.
    const existing = new Map<string, string>();
    if (emails.length) {
      const rows = await tx
        .select({ id: leadTable.id, email: leadTable.email })
        .from(leadTable)
        .where(and(eq(leadTable.organizationId, organizationId), inArray(leadTable.email, emails)));
      for (const row of rows) if (row.email) existing.set(row.email, row.id);
    }
    for (const row of batch) {
      const email = row.lead.email;
      const match = email ? existing.get(email) : undefined;
      const pending = email ? toInsert.get(email) : undefined;
      if (!match && !pending) {
        toInsert.set(email ?? Symbol(), row.lead);
      } else if (claimed.duplicateMode === "skip") {
        counts.skipped += 1;
      } else if (match) {
        updates.push({ id: match, row });
      } else if (email && pending) {
        // The same email twice in the file: one lead, with the later row's values.
        toInsert.set(email, { ...pending, ...pick(row) });
        counts.updated += 1;
      }
    }
  }
  if (toInsert.size) {
    counts.inserted += await insertLeads(tx, organizationId, [...toInsert.values()]);
  }
  for (const { id, row } of updates) {
    const changes = pick(row);
    if (Object.keys(changes).length) await tx.update(leadTable).set(changes).where(and(eq(leadTable.id, id), eq(leadTable.organizationId, organizationId)));
    counts.updated += 1;
  }
}

/**
 * A batch of new leads in one statement with ONE parameter (the rows as JSON): measured about 3×
 * faster than binding a dozen parameters per row, which made a 200,000-row import spend most of
 * its time preparing parameters. A measured exception to "writes go through Drizzle's builder".
 */
async function insertLeads(tx: Transaction, organizationId: string, leads: LeadFields[]): Promise<number> {
  const result = await tx.execute(sql`
    insert into ${leadTable} (organization_id, first_name, last_name, email, phone, company, job_title, status, source, estimated_value, notes, assigned_to_id)
    select ${organizationId}::uuid, r.first_name, r.last_name, r.email, r.phone, r.company, r.job_title, r.status, r.source, r.estimated_value, r.notes, r.assigned_to_id
    from jsonb_to_recordset(${JSON.stringify(leads.map(asRecord))}::jsonb) as r(
      first_name text, last_name text, email text, phone text, company text, job_title text,
      status text, source text, estimated_value numeric, notes text, assigned_to_id uuid)`);
  return result.count;
}

const asRecord = (lead: LeadFields) => ({
  first_name: lead.firstName,
  last_name: lead.lastName,
  email: lead.email,
  phone: lead.phone,
  company: lead.company,
  job_title: lead.jobTitle,
  status: lead.status,
  source: lead.source,
  estimated_value: lead.estimatedValue,
  notes: lead.notes,
  assigned_to_id: lead.assignedToId,
});

/** The values a row gives (an empty cell keeps the lead's value). */
function pick({ lead, provided }: ImportedRow): Partial<LeadFields> {
  return Object.fromEntries([...provided].map((field) => [field, lead[field]]));
}

/** Progress for the page, outside the run's transaction so it shows while the run works. */
function progress(db: Database, importId: string, values: { processedRows: number; totalRows?: number }) {
  return db
    .update(leadImportTable)
    .set({ ...values, lockedUntil: sql`now() + make_interval(secs => ${IMPORT_LEASE_SECONDS})` })
    .where(eq(leadImportTable.id, importId));
}

async function finish(db: Database, claimed: Claimed, values: { status: "failed" | "needs_review"; failure?: string; totalRows?: number; errorRows?: number }) {
  await db
    .update(leadImportTable)
    .set({ ...values, lockedUntil: null, finishedAt: values.status === "failed" ? new Date() : null })
    .where(eq(leadImportTable.id, claimed.id));
  return values.status;
}

/** The organization's members by email, for the assignee column. */
async function memberEmails(tx: Transaction, organizationId: string): Promise<Map<string, string>> {
  const rows = await tx
    .select({ id: userTable.id, email: userTable.email })
    .from(memberTable)
    .innerJoin(userTable, eq(userTable.id, memberTable.userId))
    .where(eq(memberTable.organizationId, organizationId));
  return new Map(rows.map((row) => [row.email.toLowerCase(), row.id]));
}
