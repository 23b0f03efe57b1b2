import { getBillingHealth } from "@saas/billing";
import { z } from "zod";
import { staffProcedure } from "../../procedures";

const count = z.number().int();

/** What needs a person in billing (failed or unmatched events, stuck seat syncs), for the console's home page. */
export const getBillingHealthProcedure = staffProcedure
  .input(z.object({}).optional())
  .output(
    z.object({
      events: z.object({ pending: count, failed: count, dead: count, unmatched: count }),
      seatSyncs: z.object({
        waiting: count,
        failing: z.array(z.object({ organizationId: z.uuid(), organizationName: z.string(), attempts: count, lastError: z.string().nullable(), nextAttemptAt: z.date() })),
      }),
    }),
  )
  .query(({ ctx }) => getBillingHealth(ctx.db));
