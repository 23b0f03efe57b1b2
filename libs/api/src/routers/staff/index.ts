import { router } from "../../trpc";
import { getPlatformCountsProcedure } from "./get-platform-counts";

export const staffRouter = router({ platformCounts: getPlatformCountsProcedure });
