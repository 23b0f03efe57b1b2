import { router } from "../../trpc";
import { staffAuditRouter } from "./audit";
import { staffBillingEventsRouter } from "./billing-events";
import { getBillingHealthProcedure } from "./get-billing-health";
import { getPlatformCountsProcedure } from "./get-platform-counts";
import { staffUsersRouter } from "./users";

export const staffRouter = router({
  platformCounts: getPlatformCountsProcedure,
  billingHealth: getBillingHealthProcedure,
  users: staffUsersRouter,
  audit: staffAuditRouter,
  billingEvents: staffBillingEventsRouter,
});
