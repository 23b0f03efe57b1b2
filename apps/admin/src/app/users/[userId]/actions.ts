"use server";

import type { ActionState } from "../../../components/action-form";
import { formText, runStaffAction } from "../../../components/run-staff-action";
import { api } from "../../../server/api";

const run = (userId: string, action: () => Promise<unknown>, done: string) => runStaffAction(`/users/${userId}`, action, done);

export async function banAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = formText(form, "userId");
  const until = formText(form, "until");
  return run(
    userId,
    () => api.staff.users.ban({ userId, reason: formText(form, "reason"), expiresAt: until ? new Date(`${until}T23:59:59.999Z`) : null }),
    "Banned. Their sessions have ended.",
  );
}

export async function unbanAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = formText(form, "userId");
  return run(userId, () => api.staff.users.unban({ userId, reason: formText(form, "reason") || undefined }), "Ban lifted.");
}

export async function revokeSessionsAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = formText(form, "userId");
  const sessionId = formText(form, "sessionId") || undefined;
  return run(userId, () => api.staff.users.revokeSessions({ userId, sessionId }), sessionId ? "Session revoked." : "Every session revoked.");
}

export async function setRoleAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = formText(form, "userId");
  const role = formText(form, "role") === "admin" ? "admin" : "user";
  return run(userId, () => api.staff.users.setRole({ userId, role, reason: formText(form, "reason") }), role === "admin" ? "Now a platform admin." : "No longer a platform admin.");
}

export async function resendVerificationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = formText(form, "userId");
  return run(userId, () => api.staff.users.resendVerification({ userId }), "Verification email sent.");
}

/** Starts an impersonation; the link it answers with opens the customer app (a new tab, once, within minutes). */
export async function impersonateAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = formText(form, "userId");
  return runStaffAction(`/users/${userId}`, () => api.staff.users.impersonate({ userId, reason: formText(form, "reason") }), (result) => {
    const { url } = result as { url: string };
    return { ok: true, message: "Impersonation started.", link: { href: url, label: "Open the web app as this person" } };
  });
}
