import { moveLead, moveLeadInput } from "@saas/leads";
import { LeadStatuses } from "@saas/db/enums";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

/** A card dropped on the board: its new column and place. */
export const moveLeadProcedure = organizationProcedure
  .meta({ permission: { lead: ["update"] } })
  .input(moveLeadInput)
  .output(z.object({ id: z.uuid(), status: z.enum(LeadStatuses) }))
  .mutation(({ ctx, input }) => ctx.tenant((tx) => moveLead(tx, { organizationId: ctx.organization.id }, input)));
