import { canManageBilling } from "@saas/auth";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

/**
 * For the banner every page of the app shows while a payment is overdue: since when, until when
 * writes keep working, and whether this person can fix it (owners and admins) or should ask.
 * Null when nothing is overdue. Cheap: one read of the organization's subscription.
 */
export const paymentNoticeProcedure = organizationProcedure
  .meta({ permission: { billing: ["read"] } })
  .input(z.object({}).optional())
  .output(z.object({ since: z.date(), graceEndsAt: z.date(), writable: z.boolean(), canManage: z.boolean() }).nullable())
  .query(async ({ ctx }) => {
    const { overdue, writable } = await ctx.entitlements();
    return overdue ? { ...overdue, writable, canManage: canManageBilling(ctx.member.role) } : null;
  });
