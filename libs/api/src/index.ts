export { createContext, type ApiContext, type ApiLogger, type CreateContextOptions } from "./context";
export { asOrganizationMember, openOrganizationStream, type OrganizationAccess } from "./organization-access";
export { openStaffStream } from "./staff-stream";
export { organizationProcedure, protectedProcedure, publicProcedure, staffProcedure } from "./procedures";
export { leadLimitOf } from "./lead-limit-of";
export { appRouter, createCaller, type AppRouter } from "./root";
export type { ApiErrorData, ApiMeta } from "./trpc";
