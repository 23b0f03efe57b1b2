export { createTestDatabase, type TestDatabase, type ProvidedTestDatabase } from "./test-database";
export { createTestOrganization, createTestUser } from "./factories";
export { expectPgError, pgErrorCode, PgError } from "./errors";
export { createTestTenant, type TestTenant } from "./tenant-fixture";
