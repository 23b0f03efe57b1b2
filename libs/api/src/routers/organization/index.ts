import { router } from "../../trpc";
import { getOverviewProcedure } from "./get-overview";

export const organizationRouter = router({ overview: getOverviewProcedure });
