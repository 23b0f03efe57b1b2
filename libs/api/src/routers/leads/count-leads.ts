import { countLeadsByStatus, countLeadsInput, statusCountsSchema } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

/** How many leads match the filter, in all and per status. */
export const countLeadsProcedure = organizationProcedure
  .meta({ permission: { lead: ["read"] } })
  .input(countLeadsInput)
  .output(statusCountsSchema)
  .query(({ ctx, input }) =>
    ctx.tenant((tx) => countLeadsByStatus(tx, { organizationId: ctx.organization.id, userId: ctx.user.id }, input.filter)),
  );
