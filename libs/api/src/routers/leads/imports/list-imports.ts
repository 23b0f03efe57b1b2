import { leadImportSchema, listLeadImports } from "@saas/leads";
import { z } from "zod";
import { organizationProcedure } from "../../../procedures";

/** The organization's latest imports. */
export const listImportsProcedure = organizationProcedure
  .meta({ permission: { lead: ["import"] } })
  .input(z.object({}).optional())
  .output(z.array(leadImportSchema.pick({ id: true, fileName: true, status: true, insertedRows: true, updatedRows: true, errorRows: true, createdAt: true })))
  .query(({ ctx }) => ctx.tenant((tx) => listLeadImports(tx, { organizationId: ctx.organization.id })));
