// GET|POST /api/trpc/* — every domain operation of the web app (libs/api), checked by its tier.
import { appRouter } from "@saas/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { contextForRequest } from "../../../../server/api";

const handler = (request: Request) =>
  fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: () => contextForRequest(request) });

export { handler as GET, handler as POST };
