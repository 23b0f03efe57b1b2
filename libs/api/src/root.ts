import { aiRouter } from "./routers/ai";
import { billingRouter } from "./routers/billing";
import { leadsRouter } from "./routers/leads";
import { organizationRouter } from "./routers/organization";
import { staffRouter } from "./routers/staff";
import { createCallerFactory, router } from "./trpc";

// Spelled out as named types, so the declaration files refer to each domain's router instead of
// writing the whole API out in one type (too long for the compiler to write).
type Routes = {
  ai: typeof aiRouter;
  billing: typeof billingRouter;
  leads: typeof leadsRouter;
  organization: typeof organizationRouter;
  staff: typeof staffRouter;
};

/** Every domain operation of the platform, one router per domain. */
export const appRouter: ReturnType<typeof router<Routes>> = router({
  ai: aiRouter,
  billing: billingRouter,
  leads: leadsRouter,
  organization: organizationRouter,
  staff: staffRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side callers (server components, tests): the same procedures, without HTTP. */
export const createCaller: ReturnType<typeof createCallerFactory<AppRouter["_def"]["record"]>> = createCallerFactory(appRouter);
