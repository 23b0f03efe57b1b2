import { UserRole } from "@saas/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";

/** What the admin console decides for a request, before showing anything. */
export type StaffAccess = "ok" | "signed-out" | "not-staff" | "impersonated" | "needs-two-factor";

interface SessionLike {
  user: { role?: string | null; twoFactorEnabled?: boolean | null };
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
  if (!session.user.twoFactorEnabled) return "needs-two-factor";
  return "ok";
}

export const STAFF_ACCESS_MESSAGES: Record<Exclude<StaffAccess, "ok">, string> = {
  "signed-out": "Sign in with your staff account.",
  "not-staff": "This console is for staff only.",
  impersonated: "An impersonation session cannot use the staff console.",
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
