import { Readable } from "node:stream";
import { AppError } from "@saas/errors";
import { CsvError, parse } from "csv-parse";

/** One row of a CSV file: its line number in the file (1 = the header) and its cells. */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** Longest row accepted: a row longer than this is a broken file (an unclosed quote), not a lead. */
const MAX_ROW_BYTES = 256 * 1024;

/**
 * The rows of a CSV file given as byte chunks (RFC 4180: quoted cells may hold commas, quotes and
 * line breaks), one at a time, so memory stays flat whatever the size. A byte-order mark is
 * dropped. A file that is not CSV fails with an AppError that says where and why.
 */
export async function* readCsvRows(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<CsvRow> {
  const parser = Readable.from(chunks).pipe(
    parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_ROW_BYTES }),
  );
  // The last row read whole: a broken row is the one after it (the parser only notices later, at
  // the end of the file for a quote that never closes).
  let lastLine = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      lastLine = info.lines;
      yield { line: info.lines, cells: record };
    }
  } catch (error) {
    throw describeCsvError(error, lastLine);
  }
}

function describeCsvError(error: unknown, lastLine: number): unknown {
  if (!(error instanceof CsvError)) return error;
  const where = lastLine ? `The row after line ${lastLine}: ` : "At the start of the file: ";
  const why =
    error.code === "CSV_QUOTE_NOT_CLOSED"
      ? "a quoted cell is never closed (a missing \" somewhere above)"
      : error.code === "CSV_INVALID_CLOSING_QUOTE"
        ? "a quote is followed by other text inside a cell (write a quote inside a quoted cell as \"\")"
        : error.code === "CSV_MAX_RECORD_SIZE"
          ? "a row is far too long (usually a missing closing quote)"
          : error.message;
  return new AppError("BAD_REQUEST", `This file is not valid CSV. ${where}${why}.`, { reason: "INVALID_CSV", cause: error });
}
