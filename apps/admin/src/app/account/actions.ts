"use server";
// The staff member's own sessions (their own only: see revokeOwnSession).

import { revokeOtherOwnSessions, revokeOwnSession } from "@saas/auth";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { ActionState } from "../../components/action-form";
import { formText } from "../../components/run-staff-action";
import { getAuth } from "../../server/auth";

export async function revokeOwnSessionAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const result = await revokeOwnSession(getAuth(), { headers: await headers(), sessionId: formText(form, "sessionId") });
  if (result.ok) revalidatePath("/account");
  return { ok: result.ok, message: result.message };
}

export async function revokeOtherOwnSessionsAction(): Promise<ActionState> {
  const result = await revokeOtherOwnSessions(getAuth(), { headers: await headers() });
  if (result.ok) revalidatePath("/account");
  return { ok: result.ok, message: result.message };
}
