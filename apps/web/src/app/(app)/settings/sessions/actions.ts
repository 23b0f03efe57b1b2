"use server";
// Server actions (POST, same-origin only) — end one of the caller's other sessions, or all of them.

import { revokeOtherOwnSessions, revokeOwnSession, type SessionRevocationResult } from "@saas/auth";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { getAuth } from "../../../../server/auth";

export type SessionActionResult = SessionRevocationResult;

/** Ends one session of the signed-in person, chosen by id (only among their own: see revokeOwnSession). */
export async function revokeSessionAction(sessionId: string): Promise<SessionActionResult> {
  const requestHeaders = await headers();
  const result = await revokeOwnSession(getAuth(), { headers: requestHeaders, sessionId: String(sessionId) });
  if (result.ok) revalidatePath("/settings/sessions");
  return result;
}

export async function revokeOtherSessionsAction(): Promise<SessionActionResult> {
  const requestHeaders = await headers();
  const result = await revokeOtherOwnSessions(getAuth(), { headers: requestHeaders });
  if (result.ok) revalidatePath("/settings/sessions");
  return result;
}
