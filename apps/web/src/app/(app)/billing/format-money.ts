export { formatMoney } from "@saas/config";

/** Credits are whole numbers, grouped for reading; a signed one for ledger lines ("+1,000", "−250"). */
export const formatCredits = (credits: number, { signed = false } = {}) =>
  signed && credits > 0 ? `+${credits.toLocaleString("en-US")}` : credits < 0 ? `−${Math.abs(credits).toLocaleString("en-US")}` : credits.toLocaleString("en-US");
