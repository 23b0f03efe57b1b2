import { getLead, leadDetailSchema, leadIdInput } from "@saas/leads";
import { organizationProcedure } from "../../procedures";

/** One lead with its history of status and assignee changes. Another organization's: NOT_FOUND. */
export const getLeadProcedure = organizationProcedure
  .meta({ permission: { lead: ["read"] } })
  .input(leadIdInput)
  .output(leadDetailSchema)
  .query(({ ctx, input }) => ctx.tenant((tx) => getLead(tx, { organizationId: ctx.organization.id }, input)));
