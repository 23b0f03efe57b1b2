import { stringify } from "csv-stringify/sync";

/** Starts a CSV download: the UTF-8 byte-order mark, so Excel reads accents right. */
export const CSV_BOM = "\uFEFF";

/** Cells as CSV text: RFC 4180 with CRLF line ends, as Excel writes them; quotes only where a cell needs them. */
export const csvText = (rows: (string | number | boolean | null)[][]) =>
  stringify(rows, {
    record_delimiter: "windows",
    // A cell starting with =, +, -, @ (or a tab or return) is prefixed with ' so a spreadsheet
    // shows it instead of running it as a formula (CSV injection).
    escape_formulas: true,
    cast: { number: (value) => String(value), boolean: (value) => (value ? "yes" : "no") },
  });
