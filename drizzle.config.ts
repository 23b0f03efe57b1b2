import { defineConfig } from "drizzle-kit";

/**
 * drizzle-kit reads the schema and writes SQL migrations into libs/db/migrations. The commands
 * that touch a database (`db:migrate`, `db:push`, `db:studio`) run through tools/db.ts, which
 * sets DATABASE_URL to the embedded PostgreSQL when none is configured.
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./libs/db/src/schema/index.ts",
  out: "./libs/db/migrations",
  casing: "snake_case",
  dbCredentials: { url: process.env["DATABASE_URL"] ?? "" },
  strict: true,
  verbose: true,
});
