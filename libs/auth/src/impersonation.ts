import { createHash, randomBytes } from "node:crypto";
import { endImpersonations, sessionTable, userTable, verificationTable, type Database, type Transaction } from "@saas/db";
import { UserRole } from "@saas/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { deleteSessionCookie, setSessionCookie } from "better-auth/cookies";
import { and, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { IMPERSONATION_HANDOFF_SECONDS, IMPERSONATION_SESSION_SECONDS } from "./policy";

/**
 * Impersonation crosses apps: staff start it in the console (audited there, with a reason), but
 * the session it makes is a customer-app session, and each app accepts only its own (see
 * session-audience.ts). So the console issues a one-time handoff (a random token, stored only as
 * its SHA-256, good for IMPERSONATION_HANDOFF_SECONDS) and opens the web app's
 * `/api/auth/impersonation/accept?token=…`, which uses it up and signs that browser in as the
 * customer, marked `impersonatedBy` and ending on its own after IMPERSONATION_SESSION_SECONDS.
 * `/api/auth/impersonation/stop` ends it (audited as the staff member). Better Auth's own
 * impersonate endpoints are not served by either app.
 */

const IDENTIFIER_PREFIX = "impersonation-handoff:";
const identifierOf = (token: string) => `${IDENTIFIER_PREFIX}${createHash("sha256").update(token).digest("hex")}`;
const handoffValue = z.object({ userId: z.uuid(), staffId: z.uuid() });

/** Impersonation is for seeing what the person sees: nothing is changed as them (shared with the API). */
export const IMPERSONATION_READ_ONLY_MESSAGE = "You are viewing as someone else: nothing can be changed as them. Stop the impersonation to act as yourself.";
export const impersonationReadOnly = () => new APIError("FORBIDDEN", { code: "IMPERSONATION_READ_ONLY", message: IMPERSONATION_READ_ONLY_MESSAGE });

/** The path, on the web app, that takes a handoff token. */
export const IMPERSONATION_ACCEPT_PATH = "/api/auth/impersonation/accept";

/** Stores a handoff in the caller's transaction (the staff action's, beside its audit entry). */
export async function issueImpersonationHandoff(tx: Transaction, handoff: z.infer<typeof handoffValue>) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + IMPERSONATION_HANDOFF_SECONDS * 1000);
  await tx.insert(verificationTable).values({ identifier: identifierOf(token), value: JSON.stringify(handoff), expiresAt });
  return { token, expiresAt };
}

/** Uses the handoff up: one statement, so two uses cannot both win. */
async function consumeHandoff(db: Database, token: string) {
  const [used] = await db
    .delete(verificationTable)
    .where(and(eq(verificationTable.identifier, identifierOf(token)), gt(verificationTable.expiresAt, new Date())))
    .returning({ value: verificationTable.value });
  if (!used) return null;
  const parsed = handoffValue.safeParse(JSON.parse(used.value));
  return parsed.success ? parsed.data : null;
}

/** Where a link that does not work (expired, used, or no longer allowed) sends the browser: a page that says so. */
export const IMPERSONATION_LINK_INVALID_PATH = "/sign-in?impersonation=invalid";

/** Writes an impersonation session may make: leaving it. Reads (GET) are all allowed. */
const WRITES_ALLOWED = new Set(["/impersonation/stop"]);

/** The customer app's half: accept a handoff, stop, and nothing else written while impersonating. */
export const impersonationHandoff = (db: Database, clientIp: (headers: Headers) => string | null) =>
  ({
    id: "saas-impersonation-handoff",
    hooks: {
      before: [
        {
          // Every other write of Better Auth's (sign-out, password, email, sessions, organizations,
          // invitations…): refused, so viewing as someone can neither change their account nor
          // hand the viewer lasting access to it (an invitation to themselves, say).
          matcher: (context) => context.request?.method !== undefined && context.request.method !== "GET" && !WRITES_ALLOWED.has(context.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            // Read fresh: the session read here is the one later hooks and the endpoint reuse, and
            // they decide on fresh state (a promotion, how long ago the person signed in).
            const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
            if ((session?.session as { impersonatedBy?: string | null } | undefined)?.impersonatedBy) throw impersonationReadOnly();
          }),
        },
      ],
    },
    endpoints: {
      acceptImpersonation: createAuthEndpoint(
        "/impersonation/accept",
        { method: "GET", query: z.object({ token: z.string().min(1).max(200) }) },
        async (ctx) => {
          const handoff = await consumeHandoff(db, ctx.query.token);
          if (!handoff) throw ctx.redirect(IMPERSONATION_LINK_INVALID_PATH);
          // Checked again here, not only when the link was made: either could have changed since.
          // (A banned person is refused by the admin plugin's own session hook.)
          const [staff] = await db
            .select({ role: userTable.role, twoFactorEnabled: userTable.twoFactorEnabled, banned: userTable.banned, banExpires: userTable.banExpires })
            .from(userTable)
            .where(eq(userTable.id, handoff.staffId));
          const staffInGoodStanding = staff?.role === UserRole.admin && staff.twoFactorEnabled === true && !(staff.banned && (!staff.banExpires || staff.banExpires > new Date()));
          const target = await ctx.context.internalAdapter.findUserById(handoff.userId);
          if (!staffInGoodStanding || !target || (target as { role?: string | null }).role === UserRole.admin) throw ctx.redirect(IMPERSONATION_LINK_INVALID_PATH);
          const session = await ctx.context.internalAdapter.createSession(
            target.id,
            true, // ends with the browser, and never outlives IMPERSONATION_SESSION_SECONDS
            { impersonatedBy: handoff.staffId, expiresAt: new Date(Date.now() + IMPERSONATION_SESSION_SECONDS * 1000) },
            true,
          );
          // Whoever was signed in to the web app in this browser (the staff member's own customer
          // account, say) is signed out of it here; their session itself stays.
          deleteSessionCookie(ctx);
          await setSessionCookie(ctx, { session, user: target }, true);
          throw ctx.redirect("/");
        },
      ),
      stopImpersonation: createAuthEndpoint("/impersonation/stop", { method: "POST" }, async (ctx) => {
        const found = await getSessionFromCtx(ctx, { disableCookieCache: true });
        const staffId = (found?.session as { impersonatedBy?: string | null } | undefined)?.impersonatedBy;
        if (!found || !staffId) throw new APIError("BAD_REQUEST", { code: "NOT_IMPERSONATING", message: "This session is not an impersonation." });
        const headers = ctx.request?.headers ?? new Headers();
        // The session ends in the transaction that records it: no "stopped" entry for one still open.
        await db.transaction((tx) =>
          endImpersonations(tx, eq(sessionTable.id, found.session.id), {
            endedBy: "stopped",
            request: { ip: clientIp(headers), userAgent: headers.get("user-agent") },
          }),
        );
        deleteSessionCookie(ctx);
        return ctx.json({ stopped: true });
      }),
    },
  }) satisfies BetterAuthPlugin;
