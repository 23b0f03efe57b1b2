import { createLead, createLeadInput, leadSchema } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

export const createLeadProcedure = organizationProcedure
  .meta({ permission: { lead: ["create"] } })
  .input(createLeadInput)
  .output(leadSchema)
  .mutation(({ ctx, input }) =>
    ctx.tenant((tx) => createLead(tx, { organizationId: ctx.organization.id, actor: ctx.member }, input)),
  );
