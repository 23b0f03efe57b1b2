import { boardSummary, boardSummarySchema } from "@saas/leads";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

/** Each pipeline column's count and value. */
export const boardSummaryProcedure = organizationProcedure
  .meta({ permission: { lead: ["read"] } })
  .input(z.object({}).optional())
  .output(boardSummarySchema)
  .query(({ ctx }) => ctx.tenant((tx) => boardSummary(tx, { organizationId: ctx.organization.id })));
