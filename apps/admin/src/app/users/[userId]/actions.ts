"use server";

import { revalidatePath } from "next/cache";
import { errorMessageOf } from "../../../components/format";
import { api } from "../../../server/api";

/** What a staff action's form shows after it ran: nothing yet, done, or why not. */
export interface ActionState {
  ok: boolean | null;
  message: string;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

// Each action is a staff procedure (it checks the staff member again and audits itself); the
// page is re-rendered with the new state.
async function run(userId: string, action: () => Promise<unknown>, done: string): Promise<ActionState> {
  try {
    await action();
  } catch (error) {
    return { ok: false, message: errorMessageOf(error) };
  }
  revalidatePath(`/users/${userId}`);
  return { ok: true, message: done };
}

export async function banAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = text(form, "userId");
  const until = text(form, "until");
  return run(
    userId,
    () => api.staff.users.ban({ userId, reason: text(form, "reason"), expiresAt: until ? new Date(`${until}T23:59:59.999Z`) : null }),
    "Banned. Their sessions have ended.",
  );
}

export async function unbanAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = text(form, "userId");
  return run(userId, () => api.staff.users.unban({ userId, reason: text(form, "reason") || undefined }), "Ban lifted.");
}

export async function revokeSessionsAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = text(form, "userId");
  const sessionId = text(form, "sessionId") || undefined;
  return run(userId, () => api.staff.users.revokeSessions({ userId, sessionId }), sessionId ? "Session revoked." : "Every session revoked.");
}

export async function setRoleAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const userId = text(form, "userId");
  const role = text(form, "role") === "admin" ? "admin" : "user";
  return run(userId, () => api.staff.users.setRole({ userId, role, reason: text(form, "reason") }), role === "admin" ? "Now a platform admin." : "No longer a platform admin.");
}
