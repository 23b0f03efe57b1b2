import { router } from "../../trpc";
import { getBillingHealthProcedure } from "./get-billing-health";
import { getPlatformCountsProcedure } from "./get-platform-counts";

export const staffRouter = router({ platformCounts: getPlatformCountsProcedure, billingHealth: getBillingHealthProcedure });
