import { auditSearchSchema, listStaffActions } from "@saas/staff";
import { z } from "zod";
import { staffProcedure } from "../../procedures";
import { router } from "../../trpc";
import { auditEntrySchema } from "./users";

/** The staff audit log, searchable by actor, target and action. */
export const staffAuditRouter = router({
  list: staffProcedure
    .input(auditSearchSchema)
    .output(z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listStaffActions(ctx.db, input)),
});
