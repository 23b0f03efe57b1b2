import { getBillingState } from "@saas/billing";
import { orderTable } from "@saas/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

/**
 * Whether a checkout this organization started has been confirmed by Stripe's webhook yet: the
 * return page polls this until then, so a customer who has just paid never reads a stale "Free".
 * A plan is confirmed once the organization is on a paid plan; a credit pack once its order is
 * paid (looked up among this organization's own orders only).
 */
export const checkoutStatusProcedure = organizationProcedure
  .meta({ permission: { billing: ["read"] } })
  .input(z.object({ kind: z.enum(["plan", "credits"]), sessionId: z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/, "Not a Stripe Checkout session id") }))
  .query(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      const organizationId = ctx.organization.id;
      const state = await getBillingState(tx, { organizationId, catalog: ctx.catalog, recentOrders: 1 });
      let confirmed: boolean;
      if (input.kind === "plan") {
        confirmed = state.subscription?.entitled === true && state.plan.id !== "free";
      } else {
        const [order] = await tx
          .select({ status: orderTable.status })
          .from(orderTable)
          .where(and(eq(orderTable.organizationId, organizationId), eq(orderTable.stripeCheckoutSessionId, input.sessionId)));
        confirmed = order?.status === "paid";
      }
      return { confirmed, plan: state.plan, credits: state.credits };
    }),
  );
