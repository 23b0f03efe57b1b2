import { leadImportChunkTable, leadImportTable, type Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import { eq } from "drizzle-orm";
import { guessImportMapping, MAX_IMPORT_BYTES, type UploadedImport } from "../schemas";
import { readCsvRows } from "./read-csv";

/** Stored pieces of an upload: small enough for one statement, large enough to be few. */
export const CHUNK_BYTES = 1024 * 1024;
const SAMPLE_ROWS = 5;

const refuse = (message: string, reason: string) => new AppError("BAD_REQUEST", message, { reason, fieldErrors: { file: message } });

/**
 * Stores an uploaded CSV file (streamed in, in 1 MiB pieces) for an import, and reads its header
 * and first rows for the mapping step. Refused, with nothing stored (the caller's transaction
 * rolls back): an empty file, a file over 50 MB, a binary file, one that is not UTF-8, one with a
 * header and no rows, one whose start is not valid CSV.
 */
export async function uploadLeadImport(
  tx: Transaction,
  { organizationId, userId }: { organizationId: string; userId: string },
  { fileName, body }: { fileName: string; body: AsyncIterable<Uint8Array> },
): Promise<UploadedImport> {
  const [created] = await tx
    .insert(leadImportTable)
    .values({ organizationId, createdById: userId, fileName: fileName.slice(0, 255) || "leads.csv", fileBytes: 0, header: [] })
    .returning({ id: leadImportTable.id });
  const id = created?.id;
  if (!id) throw new Error("The import could not be created");

  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  let seq = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const head: Uint8Array[] = [];
  const flush = async () => {
    if (pendingBytes === 0) return;
    await tx.insert(leadImportChunkTable).values({ organizationId, importId: id, seq, data: Buffer.concat(pending) });
    seq += 1;
    pending = [];
    pendingBytes = 0;
  };

  for await (const part of body) {
    bytes += part.byteLength;
    if (bytes > MAX_IMPORT_BYTES) throw refuse("The file is larger than 50 MB. Split it into smaller files.", "FILE_TOO_LARGE");
    if (part.includes(0)) throw refuse("This is not a text file. Export your spreadsheet as CSV (UTF-8) and upload that.", "BINARY_FILE");
    try {
      decoder.decode(part, { stream: true });
    } catch {
      throw refuse("This file is not UTF-8 text. In your spreadsheet, save it as \"CSV UTF-8\" and upload it again.", "NOT_UTF8");
    }
    if (seq === 0 && head.length < 64) head.push(part);
    pending.push(part);
    pendingBytes += part.byteLength;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  try {
    decoder.decode();
  } catch {
    throw refuse("This file is not UTF-8 text. In your spreadsheet, save it as \"CSV UTF-8\" and upload it again.", "NOT_UTF8");
  }
  await flush();
  if (bytes === 0) throw refuse("The file is empty.", "EMPTY_FILE");

  // The header and a few rows, from the file's start (enough for any sensible header).
  const { bytes: start, truncated } = startOf(head);
  const rows: string[][] = [];
  try {
    for await (const row of readCsvRows([start])) {
      rows.push(row.cells);
      if (rows.length > SAMPLE_ROWS) break;
    }
  } catch (error) {
    // A start cut inside a long quoted cell is not the file's fault: the run reads all of it.
    if (!(truncated && rows.length >= 2)) throw error;
  }
  const [header, ...sample] = rows;
  if (!header || header.every((cell) => cell.trim() === "")) throw refuse("The file has no header row.", "NO_HEADER");
  if (sample.length === 0) throw refuse("The file has a header but no rows to import.", "NO_ROWS");

  const cleanHeader = header.map((cell, index) => cell.trim() || `Column ${index + 1}`);
  await tx.update(leadImportTable).set({ fileBytes: bytes, header: cleanHeader }).where(eq(leadImportTable.id, id));
  return { id, fileName, header: cleanHeader, sample, mapping: guessImportMapping(cleanHeader) };
}

const SAMPLE_BYTES = 256 * 1024;

/** The file's first bytes, cut after their last line break when the file goes on. */
function startOf(head: Uint8Array[]): { bytes: Uint8Array; truncated: boolean } {
  const all = Buffer.concat(head);
  if (all.length <= SAMPLE_BYTES) return { bytes: all, truncated: false };
  const start = all.subarray(0, SAMPLE_BYTES);
  const lastNewline = start.lastIndexOf(0x0a);
  return { bytes: lastNewline >= 0 ? start.subarray(0, lastNewline + 1) : start, truncated: true };
}
