import { createLead, createLeadInput, leadSchema } from "@saas/leads";
import { leadLimitOf } from "../../lead-limit-of";
import { organizationProcedure } from "../../procedures";

export const createLeadProcedure = organizationProcedure
  .meta({ permission: { lead: ["create"] } })
  .input(createLeadInput)
  .output(leadSchema)
  .mutation(async ({ ctx, input }) => {
    const leadLimit = leadLimitOf(await ctx.entitlements());
    return ctx.tenant((tx) => createLead(tx, { organizationId: ctx.organization.id, actor: ctx.member, leadLimit }, input));
  });
