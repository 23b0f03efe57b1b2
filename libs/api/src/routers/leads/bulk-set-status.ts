import { bulkResultSchema, bulkSetStatus, bulkSetStatusInput } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

/** Moves a selection, or everything matching a filter, to one status; says how many changed. */
export const bulkSetStatusProcedure = organizationProcedure
  .meta({ permission: { lead: ["update"] } })
  .input(bulkSetStatusInput)
  .output(bulkResultSchema)
  .mutation(({ ctx, input }) =>
    ctx.tenant((tx) => bulkSetStatus(tx, { organizationId: ctx.organization.id, userId: ctx.user.id }, input)),
  );
