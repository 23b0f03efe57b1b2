import { listAssignableMembers } from "@saas/leads";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";

/** The organization's members, whom leads can be assigned to. */
export const listAssigneesProcedure = organizationProcedure
  .meta({ permission: { lead: ["read"] } })
  .input(z.object({}).optional())
  .output(z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })))
  .query(({ ctx }) => ctx.tenant((tx) => listAssignableMembers(tx, { organizationId: ctx.organization.id })));
