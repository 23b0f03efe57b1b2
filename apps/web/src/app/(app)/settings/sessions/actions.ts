"use server";
// Server actions (POST, same-origin only) — end one of the caller's other sessions, or all of them.

import { describeApiRefusal } from "@saas/auth";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { getAuth } from "../../../../server/auth";

export interface SessionActionResult {
  ok: boolean;
  message: string;
}

/**
 * Ends one session of the signed-in person, chosen by id. The token that ends it is looked up
 * here, among the caller's own sessions, so tokens never reach the browser and nobody can end a
 * session that is not theirs.
 */
export async function revokeSessionAction(sessionId: string): Promise<SessionActionResult> {
  const requestHeaders = await headers();
  const auth = getAuth();
  const current = await auth.getSession(requestHeaders, { fresh: true });
  if (!current) return { ok: false, message: "Your session has ended. Sign in again." };
  const sessions = await auth.api.listSessions({ headers: requestHeaders });
  const target = sessions.find((session) => session.id === sessionId);
  if (!target) return { ok: false, message: "That session has already ended." };
  if (target.id === current.session.id) return { ok: false, message: "This is the session you are using. Sign out instead." };
  return refusalOf(async () => {
    await auth.api.revokeSession({ headers: requestHeaders, body: { token: target.token } });
    revalidatePath("/settings/sessions");
    return { ok: true, message: "That session has ended." };
  });
}

export async function revokeOtherSessionsAction(): Promise<SessionActionResult> {
  const requestHeaders = await headers();
  const auth = getAuth();
  if (!(await auth.getSession(requestHeaders, { fresh: true }))) return { ok: false, message: "Your session has ended. Sign in again." };
  return refusalOf(async () => {
    await auth.api.revokeOtherSessions({ headers: requestHeaders });
    revalidatePath("/settings/sessions");
    return { ok: true, message: "You are signed out everywhere else." };
  });
}

/**
 * Better Auth refuses these for a session older than a day (a stolen cookie should not be enough
 * to lock the owner out); the person is told why instead of seeing an error page.
 */
async function refusalOf(action: () => Promise<SessionActionResult>): Promise<SessionActionResult> {
  try {
    return await action();
  } catch (error) {
    const refusal = describeApiRefusal(error);
    if (refusal === null) throw error;
    return { ok: false, message: refusal };
  }
}
