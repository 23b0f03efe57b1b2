import { runLeadImport, startLeadImport, startLeadImportInput } from "@saas/leads";
import { z } from "zod";
import { leadLimitOf } from "../../../lead-limit-of";
import { organizationProcedure } from "../../../procedures";

/**
 * Queues an uploaded import with its mapping, and starts its run once that is committed — off
 * the request, which answers at once (the page then follows the progress). A run cut short by a
 * crash is picked up again by the worker's `resume-lead-imports` job.
 */
export const startImportProcedure = organizationProcedure
  .meta({ permission: { lead: ["import"] } })
  .input(startLeadImportInput)
  .output(z.object({ id: z.uuid() }))
  .mutation(async ({ ctx, input }) => {
    const leadLimit = leadLimitOf(await ctx.entitlements());
    const started = await ctx.tenant((tx) => startLeadImport(tx, { organizationId: ctx.organization.id, leadLimit }, input));
    ctx.afterCommit((db) => runLeadImport(db, started.id));
    return started;
  });
