import { getRevenueReport } from "@saas/staff";
import { z } from "zod";
import { staffProcedure } from "../../procedures";

const rate = z.number().nullable();
const moneyMonth = z.object({
  month: z.string(),
  mrr: z.number(),
  arr: z.number(),
  newMrr: z.number(),
  expansionMrr: z.number(),
  contractionMrr: z.number(),
  churnedMrr: z.number(),
  netNewMrr: z.number(),
  churnRate: rate,
  activeSubscriptions: z.number().int(),
  failedPaymentsAmount: z.number(),
  recoveredPaymentsAmount: z.number(),
});
const activityMonth = z.object({
  month: z.string(),
  activeSubscriptions: z.number().int(),
  trialing: z.number().int(),
  trialsStarted: z.number().int(),
  trialsConverted: z.number().int(),
  trialConversionRate: rate,
  churnedSubscriptions: z.number().int(),
  failedPayments: z.number().int(),
  recoveredPayments: z.number().int(),
});

/** The revenue page: MRR and its movements per currency, and subscription activity, month by month (staff only). */
export const getRevenueProcedure = staffProcedure
  .input(z.object({}).optional())
  .output(
    z.object({
      generatedAt: z.string(),
      months: z.array(z.string()),
      currencies: z.array(z.object({ currency: z.string(), months: z.array(moneyMonth) })),
      activity: z.array(activityMonth),
    }),
  )
  .query(({ ctx }) => getRevenueReport(ctx.db));
