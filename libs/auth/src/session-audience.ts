import type { SessionAudience } from "@saas/db/schema";
import { IMPERSONATION_SESSION_SECONDS } from "./policy";

/** The part of a Better Auth instance this needs: its context, where the internal adapter lives. */
interface AuthWithContext {
  $context: Promise<{ internalAdapter: { findSession: (token: string) => Promise<{ session: object } | null> } }>;
}

/**
 * Makes a session usable only by the app that issued it (and an impersonation only for its time). Every session row records its audience
 * (set when it is created, see create-auth); here, the one lookup Better Auth makes to turn a
 * cookie's token into a session answers "no session" for another app's. So a customer's web
 * cookie copied under the console's cookie name is not a console session at all — the console
 * sees a signed-out visitor and Better Auth drops the cookie — and a console session is nothing to
 * the web app. A wrapper rather than a hook: Better Auth has no read hook, and every endpoint,
 * `auth.api.getSession` included, goes through `findSession`.
 *
 * Installed by a reaction to `$context`, registered when the instance is created, so it runs
 * before any request can await the same promise.
 */
export function keepSessionsToAudience(auth: AuthWithContext, audience: SessionAudience): void {
  void auth.$context.then(({ internalAdapter }) => {
    const findSession = internalAdapter.findSession.bind(internalAdapter);
    internalAdapter.findSession = async (token) => {
      const found = await findSession(token);
      if (!found || (found.session as { audience?: unknown }).audience !== audience) return null;
      // An impersonation ends IMPERSONATION_SESSION_SECONDS after it began, whatever its expiry
      // says: Better Auth would extend a session whose "don't remember me" cookie is gone.
      const { impersonatedBy, createdAt } = found.session as { impersonatedBy?: string | null; createdAt?: Date };
      if (impersonatedBy && (!createdAt || Date.now() - new Date(createdAt).getTime() > IMPERSONATION_SESSION_SECONDS * 1000)) return null;
      return found;
    };
  });
}
