import { accountExists, confirmEmailChange, emailChanged, invitation, resetPassword, twoFactorEnabled, verifyEmail, type Mailer } from "@saas/email";
import { z } from "zod";
import { EMAIL_CHANGE_UNDO_DAYS, EMAIL_VERIFICATION_EXPIRES_IN_SECONDS, PASSWORD_RESET_EXPIRES_IN_SECONDS } from "./policy";

export interface AuthEmailLinks {
  /** Where an invitation link leads, e.g. `https://app.example.com/accept-invitation/<id>`. */
  acceptInvitation(invitationId: string): string;
  /** Where someone goes to reset a password they did not change (or forgot). */
  forgotPassword: string;
  /** The sign-in page of the customer app. */
  signIn: string;
  /** The security settings of the app that sent the email. */
  securitySettings: string;
  /** A signed link with which the previous address undoes a change of the account's address. */
  undoEmailChange(change: { userId: string; previousEmail: string; changedTo: string }): Promise<string>;
}

interface Person {
  name: string;
  email: string;
}

/** The emails Better Auth asks for, built from the `@saas/email` templates. */
export function authEmails(mailer: Mailer, productName: string, links: AuthEmailLinks) {
  return {
    sendVerificationEmail: ({ user, url }: { user: Person; url: string }) =>
      mailer.send(user.email, verifyEmail({ productName, name: user.name, url, expiresInMinutes: EMAIL_VERIFICATION_EXPIRES_IN_SECONDS / 60 })),

    sendResetPassword: ({ user, url }: { user: Person; url: string }) =>
      mailer.send(user.email, resetPassword({ productName, name: user.name, url, expiresInMinutes: PASSWORD_RESET_EXPIRES_IN_SECONDS / 60 })),

    /** To the owner of an address someone tried to sign up with again. */
    sendAccountExists: (user: Person) =>
      mailer.send(user.email, accountExists({ productName, name: user.name, signInUrl: links.signIn, forgotPasswordUrl: links.forgotPassword })),

    /** To the current address, before anything changes: the first step of a change of address. */
    sendChangeEmailConfirmation: ({ user, newEmail, url }: { user: Person; newEmail: string; url: string }) =>
      mailer.send(
        user.email,
        confirmEmailChange({ productName, name: user.name, currentEmail: user.email, newEmail, url, expiresInMinutes: EMAIL_VERIFICATION_EXPIRES_IN_SECONDS / 60 }),
      ),

    sendInvitation: (input: { id: string; email: string; role: string; organizationName: string; inviter: Person; expiresAt: Date }) =>
      mailer.send(
        input.email,
        invitation({
          productName,
          inviterName: input.inviter.name,
          inviterEmail: input.inviter.email,
          organizationName: input.organizationName,
          role: input.role,
          url: links.acceptInvitation(input.id),
          expiresAt: input.expiresAt,
        }),
      ),

    sendTwoFactorEnabled: (user: Person) =>
      mailer.send(user.email, twoFactorEnabled({ productName, name: user.name, settingsUrl: links.securitySettings })),

    /**
     * After a confirmed email change, tells the previous address. Better Auth hands over only the
     * updated user; the previous address is in the verification token of the request, which
     * Better Auth has just verified (signature and expiry) before calling this.
     */
    notifyEmailChanged: async (user: Person & { id: string }, request: Request | undefined) => {
      const change = emailChangeOf(request);
      if (!change || change.updateTo.toLowerCase() !== user.email.toLowerCase()) return;
      const undoUrl = await links.undoEmailChange({ userId: user.id, previousEmail: change.email, changedTo: user.email });
      await mailer.send(
        change.email,
        emailChanged({ productName, name: user.name, oldEmail: change.email, newEmail: user.email, undoUrl, undoExpiresInDays: EMAIL_CHANGE_UNDO_DAYS }),
      );
    },
  };
}

const emailChangeToken = z.object({ email: z.email(), updateTo: z.email(), requestType: z.literal("change-email-verification") });

function emailChangeOf(request: Request | undefined) {
  const token = request ? new URL(request.url).searchParams.get("token") : null;
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const parsed = emailChangeToken.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
