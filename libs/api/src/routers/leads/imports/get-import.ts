import { getLeadImport, leadImportSchema } from "@saas/leads";
import { z } from "zod";
import { organizationProcedure } from "../../../procedures";

/** An import's progress and outcome (the page polls it while the import runs). */
export const getImportProcedure = organizationProcedure
  .meta({ permission: { lead: ["import"] } })
  .input(z.object({ id: z.uuid("Unknown import") }))
  .output(leadImportSchema)
  .query(({ ctx, input }) => ctx.tenant((tx) => getLeadImport(tx, { organizationId: ctx.organization.id }, input)));
