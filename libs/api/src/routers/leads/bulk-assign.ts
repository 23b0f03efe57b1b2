import { bulkAssign, bulkAssignInput, bulkResultSchema } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

/** Assigns a selection, or everything matching a filter; members may only take leads for themselves. */
export const bulkAssignProcedure = organizationProcedure
  .meta({ permission: { lead: ["update"] } })
  .input(bulkAssignInput)
  .output(bulkResultSchema)
  .mutation(({ ctx, input }) =>
    ctx.tenant((tx) => bulkAssign(tx, { organizationId: ctx.organization.id, userId: ctx.user.id, actor: ctx.member }, input)),
  );
