import { boardColumnInput, leadPageSchema, listBoardColumn } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

/** A page of one pipeline column, in board order. */
export const boardColumnProcedure = organizationProcedure
  .meta({ permission: { lead: ["read"] } })
  .input(boardColumnInput)
  .output(leadPageSchema)
  .query(({ ctx, input }) => ctx.tenant((tx) => listBoardColumn(tx, { organizationId: ctx.organization.id }, input)));
