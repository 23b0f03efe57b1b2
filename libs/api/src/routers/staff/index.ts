import { router } from "../../trpc";
import { staffAuditRouter } from "./audit";
import { staffBillingEventsRouter } from "./billing-events";
import { getBillingHealthProcedure } from "./get-billing-health";
import { getPlatformCountsProcedure } from "./get-platform-counts";
import { getRevenueProcedure } from "./get-revenue";
import { staffOrganizationsRouter } from "./organizations";
import { staffUsersRouter } from "./users";

// Named types keep this router's declaration short (see root.ts).
type StaffRoutes = {
  platformCounts: typeof getPlatformCountsProcedure;
  billingHealth: typeof getBillingHealthProcedure;
  revenue: typeof getRevenueProcedure;
  users: typeof staffUsersRouter;
  organizations: typeof staffOrganizationsRouter;
  audit: typeof staffAuditRouter;
  billingEvents: typeof staffBillingEventsRouter;
};

export const staffRouter: ReturnType<typeof router<StaffRoutes>> = router({
  platformCounts: getPlatformCountsProcedure,
  billingHealth: getBillingHealthProcedure,
  revenue: getRevenueProcedure,
  users: staffUsersRouter,
  organizations: staffOrganizationsRouter,
  audit: staffAuditRouter,
  billingEvents: staffBillingEventsRouter,
});
