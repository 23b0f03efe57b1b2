export { createContext, type ApiContext, type ApiLogger, type CreateContextOptions } from "./context";
export { organizationProcedure, protectedProcedure, publicProcedure, staffProcedure } from "./procedures";
export { appRouter, createCaller, type AppRouter } from "./root";
export type { ApiErrorData, ApiMeta } from "./trpc";
