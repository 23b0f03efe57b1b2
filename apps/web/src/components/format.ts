/** Amounts as the organization enters them (no currency is modelled yet): grouped, up to two decimals. */
export const formatAmount = (value: number | null) =>
  value === null ? "—" : value.toLocaleString("en-US", { maximumFractionDigits: 2, minimumFractionDigits: 0 });

/** Dates in UTC, so the server's render and the browser's agree (no hydration mismatch). */
export const formatDate = (date: Date) => date.toLocaleDateString("en-US", { dateStyle: "medium", timeZone: "UTC" });

export const formatDateTime = (date: Date) =>
  date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
