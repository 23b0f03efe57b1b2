import { IMPERSONATION_ACCEPT_PATH } from "@saas/auth";
import { banUser, banUserInput, getUserDetail, impersonateUser, impersonateUserInput, resendVerification, resendVerificationInput, revokeSessions, revokeSessionsInput, searchUsers, setPlatformRole, setPlatformRoleInput, unbanUser, unbanUserInput, userSearchSchema } from "@saas/staff";
import { z } from "zod";
import { staffActionProcedure, staffProcedure, staffServiceActionProcedure } from "../../procedures";
import { router } from "../../trpc";

const user = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  role: z.string(),
  banned: z.boolean(),
  banReason: z.string().nullable(),
  banExpires: z.date().nullable(),
  twoFactorEnabled: z.boolean(),
  createdAt: z.date(),
});

const auditEntry = z.object({
  id: z.uuid(),
  actorId: z.uuid(),
  actorEmail: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  subjectOrganizationId: z.uuid().nullable(),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.date(),
});
export const auditEntrySchema = auditEntry;

/** Users across the platform: search, one in detail, and what support does to them (each audited). */
export const staffUsersRouter = router({
  list: staffProcedure
    .input(userSearchSchema)
    .output(z.object({ items: z.array(user), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => searchUsers(ctx.db, input)),

  get: staffProcedure
    .input(z.object({ userId: z.uuid("Unknown user") }))
    .output(
      z.object({
        user,
        memberships: z.array(z.object({ organizationId: z.uuid(), name: z.string(), slug: z.string(), role: z.string(), joinedAt: z.date() })),
        signInMethods: z.array(z.object({ provider: z.string(), createdAt: z.date() })),
        sessions: z.array(
          z.object({
            id: z.uuid(),
            ipAddress: z.string().nullable(),
            userAgent: z.string().nullable(),
            createdAt: z.date(),
            lastSeenAt: z.date(),
            expiresAt: z.date(),
            impersonatedBy: z.string().nullable(),
          }),
        ),
        audit: z.array(auditEntry),
      }),
    )
    .query(({ ctx, input }) => getUserDetail(ctx.db, input.userId)),

  ban: staffActionProcedure
    .input(banUserInput)
    .output(z.object({ sessionsEnded: z.number().int() }))
    .mutation(({ ctx, input }) => banUser({ tx: ctx.tx, audit: ctx.audit, actorId: ctx.user.id }, input)),

  unban: staffActionProcedure
    .input(unbanUserInput)
    .output(z.void())
    .mutation(({ ctx, input }) => unbanUser({ tx: ctx.tx, audit: ctx.audit, actorId: ctx.user.id }, input)),

  revokeSessions: staffActionProcedure
    .input(revokeSessionsInput)
    .output(z.object({ sessionsEnded: z.number().int() }))
    .mutation(({ ctx, input }) => revokeSessions({ tx: ctx.tx, audit: ctx.audit, actorId: ctx.user.id }, input)),

  setRole: staffActionProcedure
    .input(setPlatformRoleInput)
    .output(z.void())
    .mutation(({ ctx, input }) => setPlatformRole({ tx: ctx.tx, audit: ctx.audit, actorId: ctx.user.id }, input)),

  /** A one-time link that opens the customer app signed in as this person (see @saas/auth impersonation.ts). */
  impersonate: staffActionProcedure
    .input(impersonateUserInput)
    .output(z.object({ url: z.url(), expiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt } = await impersonateUser({ tx: ctx.tx, audit: ctx.audit, actorId: ctx.user.id }, input);
      return { url: `${ctx.auth.webUrl}${IMPERSONATION_ACCEPT_PATH}?token=${token}`, expiresAt };
    }),

  resendVerification: staffServiceActionProcedure
    .input(resendVerificationInput)
    .output(z.void())
    .mutation(({ ctx, input }) => resendVerification({ db: ctx.db, staffActor: ctx.staffActor, send: ctx.auth.sendVerificationLink }, input)),
});
