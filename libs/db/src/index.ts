export { createDb, type Database, type DbOptions, type Schema } from "./client";
export { parseDatabaseUrl, postgresUrl, redactDatabaseUrl } from "./env";
export type { Transaction } from "./tenant";
export * from "./schema";
