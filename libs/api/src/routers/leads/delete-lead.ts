import { deleteLead, leadIdInput } from "@saas/leads";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

export const deleteLeadProcedure = organizationProcedure
  .meta({ permission: { lead: ["delete"] } })
  .input(leadIdInput)
  .output(z.object({ id: z.uuid() }))
  .mutation(({ ctx, input }) => ctx.tenant((tx) => deleteLead(tx, { organizationId: ctx.organization.id }, input)));
