import { leadPageSchema, listLeads, listLeadsInput } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

/** A page of the organization's leads: filtered, searched, sorted, keyset-paginated. */
export const listLeadsProcedure = organizationProcedure
  .meta({ permission: { lead: ["read"] } })
  .input(listLeadsInput)
  .output(leadPageSchema)
  .query(({ ctx, input }) =>
    ctx.tenant((tx) => listLeads(tx, { organizationId: ctx.organization.id, userId: ctx.user.id }, input)),
  );
