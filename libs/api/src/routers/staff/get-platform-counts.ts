import { getPlatformCounts } from "@saas/db";
import { z } from "zod";
import { staffProcedure } from "../../procedures";

/** Platform-wide totals for the console's home page (all tenants: staff only). */
export const getPlatformCountsProcedure = staffProcedure
  .input(z.object({}).optional())
  .output(z.object({ organizations: z.number().int(), users: z.number().int(), members: z.number().int(), leads: z.number().int() }))
  .query(({ ctx }) => getPlatformCounts(ctx.db.reads));
