import { listCreditTransactions } from "@saas/billing";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

/** The credit ledger (grants, usage, refunds), newest first, a page at a time. */
export const listCreditTransactionsProcedure = organizationProcedure
  .meta({ permission: { billing: ["read"] } })
  .input(z.object({ cursor: z.string().max(500).nullish(), limit: z.int().min(1).max(100).default(25) }).default({ limit: 25 }))
  .query(({ ctx, input }) => ctx.tenant((tx) => listCreditTransactions(tx, { organizationId: ctx.organization.id, cursor: input.cursor, limit: input.limit })));
