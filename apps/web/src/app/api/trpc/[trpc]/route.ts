// GET|POST /api/trpc/* — every domain operation of the web app (libs/api), checked by its tier.
import { appRouter, createContext } from "@saas/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getAuth } from "../../../../server/auth";
import { getAppDb } from "../../../../server/db";
import { logger } from "../../../../server/logger";

const handler = (request: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () =>
      createContext({ auth: getAuth(), db: getAppDb(), headers: request.headers, requestId: request.headers.get("x-request-id") ?? undefined, log: logger }),
  });

export { handler as GET, handler as POST };
