import { cancelLeadImport } from "@saas/leads";
import { z } from "zod";
import { organizationProcedure } from "../../../procedures";

export const cancelImportProcedure = organizationProcedure
  .meta({ permission: { lead: ["import"] } })
  .input(z.object({ id: z.uuid("Unknown import") }))
  .output(z.object({ id: z.uuid() }))
  .mutation(({ ctx, input }) => ctx.tenant((tx) => cancelLeadImport(tx, { organizationId: ctx.organization.id }, input)));
