/**
 * The SQLSTATE of a failed query. Drizzle wraps driver errors (`DrizzleQueryError`), so the code
 * may be on the error or on its cause.
 */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Awaits a promise that must fail with the given SQLSTATE; returns the error for more checks. */
export async function expectPgError(promise: Promise<unknown>, code: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    const actual = pgErrorCode(error);
    if (actual !== code) {
      throw new Error(`Expected SQLSTATE ${code}, got ${actual ?? "none"}: ${String(error)}`, { cause: error });
    }
    return error;
  }
  throw new Error(`Expected SQLSTATE ${code}, but the query succeeded`);
}

/** SQLSTATE codes the tests check for. */
export const PgError = {
  uniqueViolation: "23505",
  foreignKeyViolation: "23503",
  checkViolation: "23514",
  insufficientPrivilege: "42501",
} as const;
