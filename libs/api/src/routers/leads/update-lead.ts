import { leadSchema, updateLead, updateLeadInput } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

/** Saves an edit; a stale one (someone saved since) is CONFLICT with the current lead in `details`. */
export const updateLeadProcedure = organizationProcedure
  .meta({ permission: { lead: ["update"] } })
  .input(updateLeadInput)
  .output(leadSchema)
  .mutation(({ ctx, input }) =>
    ctx.tenant((tx) => updateLead(tx, { organizationId: ctx.organization.id, actor: ctx.member }, input)),
  );
