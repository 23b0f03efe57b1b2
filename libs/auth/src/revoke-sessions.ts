import { describeApiRefusal } from "./api-errors";
import type { Auth } from "./create-auth";

export interface SessionRevocationResult {
  ok: boolean;
  message: string;
}

const SIGNED_OUT = { ok: false, message: "Your session has ended. Sign in again." } as const;

/**
 * Ends one session of the person signed in with `headers`, chosen by id. The session is looked
 * up among the caller's own sessions (its token never reaches the browser), so an id that is not
 * theirs — another person's session — is "already ended" and nothing happens to it.
 */
export async function revokeOwnSession(auth: Auth, { headers, sessionId }: { headers: Headers; sessionId: string }): Promise<SessionRevocationResult> {
  const current = await auth.getSession(headers, { fresh: true });
  if (!current) return SIGNED_OUT;
  return refusalOf(async () => {
    const sessions = await auth.api.listSessions({ headers });
    const target = sessions.find((session) => session.id === sessionId && session.userId === current.user.id);
    if (!target) return { ok: false, message: "That session has already ended." };
    if (target.id === current.session.id) return { ok: false, message: "This is the session you are using. Sign out instead." };
    await auth.api.revokeSession({ headers, body: { token: target.token } });
    return { ok: true, message: "That session has ended." };
  });
}

/** Ends every session of the person signed in with `headers` except this one. */
export async function revokeOtherOwnSessions(auth: Auth, { headers }: { headers: Headers }): Promise<SessionRevocationResult> {
  if (!(await auth.getSession(headers, { fresh: true }))) return SIGNED_OUT;
  return refusalOf(async () => {
    await auth.api.revokeOtherSessions({ headers });
    return { ok: true, message: "You are signed out everywhere else." };
  });
}

export type OwnSessionsList =
  | { ok: true; sessions: { id: string; userAgent: string | null; ipAddress: string | null; updatedAt: Date; current: boolean }[] }
  | { ok: false; message: string };

/**
 * The sessions of the person signed in with `headers`, for the sessions page: no tokens, and the
 * one in use marked. Better Auth lists sessions only for a session signed in within the last day
 * (a stolen cookie should not be enough to see, or end, the owner's other sessions); an older
 * one gets a sentence saying so instead of an error page.
 */
export async function listOwnSessions(auth: Auth, { headers }: { headers: Headers }): Promise<OwnSessionsList> {
  const current = await auth.getSession(headers, { fresh: true });
  if (!current) return SIGNED_OUT;
  try {
    const sessions = await auth.api.listSessions({ headers });
    return {
      ok: true,
      sessions: sessions
        .filter((session) => session.userId === current.user.id)
        .map((session) => ({
          id: session.id,
          userAgent: session.userAgent ?? null,
          ipAddress: session.ipAddress ?? null,
          updatedAt: new Date(session.updatedAt),
          current: session.id === current.session.id,
        })),
    };
  } catch (error) {
    const refusal = describeApiRefusal(error);
    if (refusal === null) throw error;
    return { ok: false, message: refusal };
  }
}

/** A refusal from Better Auth (a session older than a day, see listOwnSessions) as a sentence, not an error page. */
async function refusalOf(action: () => Promise<SessionRevocationResult>): Promise<SessionRevocationResult> {
  try {
    return await action();
  } catch (error) {
    const refusal = describeApiRefusal(error);
    if (refusal === null) throw error;
    return { ok: false, message: refusal };
  }
}
