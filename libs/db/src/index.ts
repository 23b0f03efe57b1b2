export { createDb, type Database, type DbOptions, type Schema } from "./client";
export { getDb } from "./default-db";
export { describeError } from "./describe-error";
export { parseDatabaseUrl, postgresUrl, redactDatabaseUrl } from "./env";
export { isDatabaseReady } from "./health";
export { getPlatformCounts, type PlatformCounts } from "./stats";
export type { Transaction } from "./tenant";
export * from "./schema";
