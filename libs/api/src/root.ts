import { aiRouter } from "./routers/ai";
import { billingRouter } from "./routers/billing";
import { leadsRouter } from "./routers/leads";
import { organizationRouter } from "./routers/organization";
import { staffRouter } from "./routers/staff";
import { createCallerFactory, router } from "./trpc";

/** Every domain operation of the platform, one router per domain. */
export const appRouter = router({
  ai: aiRouter,
  billing: billingRouter,
  leads: leadsRouter,
  organization: organizationRouter,
  staff: staffRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side callers (server components, tests): the same procedures, without HTTP. */
export const createCaller = createCallerFactory(appRouter);
