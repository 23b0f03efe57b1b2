import { UserRole } from "@saas/db/enums";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";

/** What the admin console decides for a request, before showing anything. */
export type StaffAccess = "ok" | "signed-out" | "not-staff" | "impersonated" | "banned" | "needs-two-factor";

interface SessionLike {
  user: { role?: string | null; twoFactorEnabled?: boolean | null; banned?: boolean | null; banExpires?: Date | string | null };
  session: { impersonatedBy?: string | null };
}

/**
 * Staff are users whose platform role is `admin`, signed in as themselves (not through
 * impersonation), with two-factor authentication on. The order matters: an impersonated or
 * non-staff session learns nothing about enrolment.
 */
export function staffAccessOf(session: SessionLike | null): StaffAccess {
  if (!session) return "signed-out";
  if (session.session.impersonatedBy) return "impersonated";
  if (session.user.role !== UserRole.admin) return "not-staff";
  // A ban ends every session when it is made through the admin API; one set in the database (or a
  // session that outlived it) is refused here too, on every request.
  if (session.user.banned && (!session.user.banExpires || new Date(session.user.banExpires) > new Date())) return "banned";
  if (!session.user.twoFactorEnabled) return "needs-two-factor";
  return "ok";
}

export const STAFF_ACCESS_MESSAGES: Record<Exclude<StaffAccess, "ok">, string> = {
  "signed-out": "Sign in with your staff account.",
  "not-staff": "This console is for staff only.",
  impersonated: "An impersonation session cannot use the staff console.",
  banned: "This staff account is banned.",
  "needs-two-factor": "Turn on two-factor authentication before using the staff console.",
};

/**
 * In the admin console, Better Auth's own `/admin/*` endpoints (ban, impersonate, list users…)
 * demand the full staff check too, not only the platform role the admin plugin checks.
 */
export const staffGuard = () =>
  ({
    id: "saas-staff-guard",
    hooks: {
      before: [
        {
          matcher: (context) => context.path?.startsWith("/admin/") ?? false,
          handler: createAuthMiddleware(async (ctx) => {
            const access = staffAccessOf(await getSessionFromCtx(ctx));
            if (access === "signed-out") throw new APIError("UNAUTHORIZED", { code: "STAFF_SIGNED_OUT", message: STAFF_ACCESS_MESSAGES[access] });
            if (access !== "ok") throw new APIError("FORBIDDEN", { code: `STAFF_${access.toUpperCase().replaceAll("-", "_")}`, message: STAFF_ACCESS_MESSAGES[access] });
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;

/**
 * The only auth endpoints the staff console serves: signing in and out, the session, two-factor
 * authentication, the email-verification link (sent when an unverified account signs in),
 * changing one's password (the current one required; the console's account page), resetting a
 * forgotten one (emails go to staff accounts only: see sendResetPassword), and the admin plugin's
 * endpoints (behind `staffGuard`). Organizations, profile and email changes, account deletion,
 * sign-up, OAuth… answer 404 there: staff use the customer app for those. An allow-list rather than Better Auth's `disabledPaths` (a deny-list), so an endpoint
 * a future Better Auth or plugin adds stays closed in the console until someone decides it needs it.
 */
export const STAFF_AUTH_PATHS = [
  "/sign-in/email",
  "/sign-out",
  "/get-session",
  "/verify-email",
  "/change-password",
  "/request-password-reset",
  "/reset-password",
  "/reset-password/*",
  "/ok",
  "/error",
  "/two-factor/*",
  "/admin/*",
] as const;

/** Whether the console serves `path` (relative to the auth base path, e.g. `/admin/list-users`). */
export function isStaffAuthPath(path: string): boolean {
  return STAFF_AUTH_PATHS.some((allowed) => (allowed.endsWith("/*") ? path.startsWith(allowed.slice(0, -1)) : path === allowed));
}

/**
 * Answers 404 to every other path before Better Auth routes it, as `disabledPaths` does. Anything
 * that does not normalize to an allowed path (`//x`, an encoded slash, another base path) is
 * refused too: it fails closed.
 */
export const staffPathAllowList = () =>
  ({
    id: "saas-staff-paths",
    onRequest: async (request, context) => {
      const basePath = new URL(context.baseURL).pathname.replace(/\/+$/, "");
      const pathname = new URL(request.url).pathname.replace(/\/+$/, "");
      const path = pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
      if (path !== null && isStaffAuthPath(path)) return;
      return { response: new Response("Not Found", { status: 404 }) };
    },
  }) satisfies BetterAuthPlugin;
