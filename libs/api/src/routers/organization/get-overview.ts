import { getPipelineOverview, pipelineOverviewSchema } from "@saas/leads";
import { memberTable } from "@saas/db";
import { count, eq } from "drizzle-orm";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

/** The active organization's overview page: its pipeline in numbers and its member count. */
export const getOverviewProcedure = organizationProcedure
  .meta({ permission: { lead: ["read"] } })
  .input(z.object({}).optional())
  .output(z.object({ members: z.number().int(), pipeline: pipelineOverviewSchema }))
  .query(({ ctx }) =>
    ctx.tenant(async (tx) => {
      const [members] = await tx.select({ n: count() }).from(memberTable).where(eq(memberTable.organizationId, ctx.organization.id));
      return { members: members?.n ?? 0, pipeline: await getPipelineOverview(tx, { organizationId: ctx.organization.id }) };
    }),
  );
