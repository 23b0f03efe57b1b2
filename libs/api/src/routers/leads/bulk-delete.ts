import { bulkDelete, bulkDeleteInput, bulkResultSchema } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

export const bulkDeleteProcedure = organizationProcedure
  .meta({ permission: { lead: ["delete"] } })
  .input(bulkDeleteInput)
  .output(bulkResultSchema)
  .mutation(({ ctx, input }) =>
    ctx.tenant((tx) => bulkDelete(tx, { organizationId: ctx.organization.id, userId: ctx.user.id }, input)),
  );
