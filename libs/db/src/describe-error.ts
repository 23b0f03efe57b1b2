/**
 * A short, useful message for an error that may come from a query: drizzle wraps driver errors
 * as "Failed query: <sql> params: <values>" — long, and it can carry data that belongs in no log
 * line or HTTP answer — so the driver's own message (the cause) is used instead.
 */
export function describeError(error: unknown, maxLength = 2_000): string {
  let current = error;
  while (current instanceof Error && current.name === "DrizzleQueryError" && current.cause) current = current.cause;
  const message = current instanceof Error ? `${current.name}: ${current.message}` : String(current);
  return message.length > maxLength ? `${message.slice(0, maxLength)}…` : message;
}
