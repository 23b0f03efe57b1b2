/**
 * An amount in the currency's smallest unit (cents, as Stripe and the API give it) in that
 * currency's format: "$36.00". Intl knows how many decimals each currency has, so a zero-decimal
 * currency (JPY) is not divided by 100.
 */
export function formatMoney(minorUnits: number, currency: string, { trimZeroCents = false } = {}): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const amount = minorUnits / 10 ** digits;
  // Prices in the pricing table read better whole ("$12"); charges always show their cents.
  if (trimZeroCents && Number.isInteger(amount)) {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase(), minimumFractionDigits: 0 }).format(amount);
  }
  return format.format(amount);
}
