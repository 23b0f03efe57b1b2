import { APIError, type createAuthMiddleware } from "better-auth/api";

/** What a `createAuthMiddleware` handler receives. */
export type MiddlewareContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/**
 * Checks a password against the account's own, for guards that ask for it before Better Auth
 * does (or where Better Auth does not). "none": the account has no password (GitHub, Google).
 */
export async function checkAccountPassword(ctx: MiddlewareContext, userId: string, password: unknown): Promise<"ok" | "wrong" | "missing" | "none"> {
  const accounts = await ctx.context.internalAdapter.findAccounts(userId);
  const hash = accounts.find((account) => account.providerId === "credential")?.password;
  if (!hash) return "none";
  if (typeof password !== "string" || password === "") return "missing";
  return (await ctx.context.password.verify({ hash, password })) ? "ok" : "wrong";
}

/** The error body of a refused input: a message, and one message per field for the form. */
interface InputErrorBody {
  code: string;
  message: string;
  fieldErrors: Record<string, string>;
}

/** Answers 400 with field errors, the one shape the forms display (see `problemOf`). */
export function refuseInput(fieldErrors: Record<string, string>, code = "VALIDATION_ERROR"): never {
  const body: InputErrorBody = { code, message: Object.values(fieldErrors)[0] ?? "Check the highlighted fields", fieldErrors };
  throw new APIError("BAD_REQUEST", body);
}
