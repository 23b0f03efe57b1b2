import { userTable, type Database } from "@saas/db";
import { APIError } from "better-auth/api";
import { eq } from "drizzle-orm";

/**
 * For `beforeAcceptInvitation` / `beforeRejectInvitation`: the invitee's address must match the
 * invitation and be verified, read from the database. Better Auth checks both on the session's
 * copy of the user, which in the web app may come from the signed cookie cache (up to
 * SESSION_COOKIE_CACHE_SECONDS old): an address that stopped being verified, or was changed, in
 * that window would still pass there.
 */
export async function assertInvitationRecipient(db: Database, { invitation, userId }: { invitation: { email: string }; userId: string }): Promise<void> {
  const [user] = await db.select({ email: userTable.email, emailVerified: userTable.emailVerified }).from(userTable).where(eq(userTable.id, userId));
  if (!user || user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw new APIError("FORBIDDEN", { code: "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION", message: "This invitation was sent to another email address." });
  }
  if (!user.emailVerified) {
    throw new APIError("FORBIDDEN", {
      code: "EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION",
      message: "Confirm your email address before answering this invitation.",
    });
  }
}
