import { adjustCredits, adjustCreditsInput, getOrganizationDetail, organizationSearchSchema, searchOrganizations } from "@saas/staff";
import { z } from "zod";
import { staffActionProcedure, staffProcedure } from "../../procedures";
import { router } from "../../trpc";
import { auditEntrySchema } from "./users";

const nullableDate = z.date().nullable();

/** Organizations across the platform: search, one in detail, and a credits adjustment (audited). */
export const staffOrganizationsRouter = router({
  list: staffProcedure
    .input(organizationSearchSchema)
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.uuid(),
            name: z.string(),
            slug: z.string(),
            createdAt: z.date(),
            plan: z.string().nullable(),
            status: z.string().nullable(),
            seats: z.number().int().nullable(),
            members: z.number().int(),
            leads: z.number().int(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => searchOrganizations(ctx.db, input)),

  get: staffProcedure
    .input(z.object({ organizationId: z.uuid("Unknown organization") }))
    .output(
      z.object({
        organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), stripeCustomerId: z.string().nullable(), createdAt: z.date() }),
        members: z.array(z.object({ userId: z.uuid(), name: z.string(), email: z.string(), role: z.string(), joinedAt: z.date() })),
        invitations: z.array(z.object({ id: z.uuid(), email: z.string(), role: z.string(), status: z.string(), expiresAt: z.date() })),
        subscriptions: z.array(
          z.object({
            id: z.string(),
            status: z.string(),
            planId: z.string().nullable(),
            quantity: z.number().int(),
            currentPeriodEnd: nullableDate,
            cancelAtPeriodEnd: z.boolean(),
            trialEnd: nullableDate,
            pastDueSince: nullableDate,
            createdAt: z.date(),
            items: z.array(z.object({ priceId: z.string(), quantity: z.number().int() })),
          }),
        ),
        orders: z.array(
          z.object({ id: z.uuid(), status: z.string(), amountTotal: z.number().int(), amountRefunded: z.number().int(), currency: z.string(), paidAt: nullableDate, refundedAt: nullableDate, createdAt: z.date() }),
        ),
        credits: z.object({
          balance: z.number().int(),
          ledger: z.array(z.object({ id: z.uuid(), amount: z.number().int(), reason: z.string(), description: z.string(), createdAt: z.date() })),
        }),
        billingEvents: z.array(z.object({ id: z.uuid(), stripeEventId: z.string(), type: z.string(), status: z.string(), createdAt: z.date() })),
        aiUsageThisMonth: z.object({ answers: z.number().int(), tokens: z.number().int(), credits: z.number().int() }),
        audit: z.array(auditEntrySchema),
      }),
    )
    .query(({ ctx, input }) => getOrganizationDetail(ctx.db, input.organizationId)),

  adjustCredits: staffActionProcedure
    .input(adjustCreditsInput)
    .output(z.object({ balance: z.number().int() }))
    .mutation(({ ctx, input }) => adjustCredits({ tx: ctx.tx, audit: ctx.audit, actorId: ctx.user.id }, input)),
});
