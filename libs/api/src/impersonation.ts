import { IMPERSONATION_READ_ONLY_MESSAGE, type AuthSession } from "@saas/auth";
import { AppError } from "@saas/errors";

/**
 * Staff viewing the app as someone (an impersonation session) change nothing as them: every write
 * of the API (procedures and route handlers alike) is refused. Staff act from the console, audited.
 */
export function assertNotImpersonating(session: AuthSession): void {
  if (session.session.impersonatedBy) throw new AppError("FORBIDDEN", IMPERSONATION_READ_ONLY_MESSAGE, { reason: "IMPERSONATION_READ_ONLY" });
}
