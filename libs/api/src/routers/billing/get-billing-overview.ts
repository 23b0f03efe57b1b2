import { canManageBilling } from "@saas/auth";
import { BILLING_NOT_CONFIGURED_REASON, getBillingState } from "@saas/billing";
import { leadTable, memberTable, MemberRole, organizationTable, userTable } from "@saas/db";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";
import { pricingOf } from "./pricing";

/**
 * Everything the billing page shows, in one read of the tenant's own rows: the plan and its
 * status, seats, the next charge, orders, credits, what the plan allows against what is used,
 * the plans on offer, and whether this person may act (or whom to ask). Invoices come from
 * Stripe separately (`billing.invoices`), so a slow Stripe never holds this page up.
 */
export const getBillingOverviewProcedure = organizationProcedure
  .meta({ permission: { billing: ["read"] } })
  .input(z.object({}).optional())
  .query(async ({ ctx }) => {
    const organizationId = ctx.organization.id;
    const entitlements = await ctx.entitlements();
    return ctx.tenant(async (tx) => {
      const state = await getBillingState(tx, { organizationId, catalog: ctx.catalog });
      const [leads] = await tx.select({ n: count() }).from(leadTable).where(eq(leadTable.organizationId, organizationId));
      const managers = await tx
        .select({ name: userTable.name, email: userTable.email, role: memberTable.role })
        .from(memberTable)
        .innerJoin(userTable, eq(userTable.id, memberTable.userId))
        .where(and(eq(memberTable.organizationId, organizationId), inArray(memberTable.role, [MemberRole.owner, MemberRole.admin])))
        // Owners first: they are whom a member asks first.
        .orderBy(sql`${memberTable.role} = ${MemberRole.owner} desc`, userTable.name);
      const [organization] = await tx
        .select({ customer: organizationTable.stripeCustomerId })
        .from(organizationTable)
        .where(eq(organizationTable.id, organizationId));
      return {
        configured: ctx.billing !== null,
        notConfiguredReason: ctx.billing ? null : BILLING_NOT_CONFIGURED_REASON,
        canManage: canManageBilling(ctx.member.role),
        /** A Stripe customer already (bought or started a checkout): the billing portal can open. */
        isCustomer: Boolean(organization?.customer),
        managers,
        state,
        entitlements,
        usage: { members: state.seats.members, leads: leads?.n ?? 0 },
        pricing: pricingOf(ctx.catalog),
      };
    });
  });
