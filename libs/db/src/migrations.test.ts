import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import postgres from "postgres";
import { inject } from "vitest";
import { afterAll, describe, expect, it } from "vitest";
import { dropDatabase, ensureDatabase, withDatabaseName } from "./admin";
import { MIGRATIONS_FOLDER, runMigrations } from "./migrate";

const workspaceRoot = fileURLToPath(new URL("../../..", import.meta.url));

describe("migrations", () => {
  const { serverUrl, runPrefix } = inject("saasTestDatabase");
  const name = `${runPrefix}empty`;
  const url = withDatabaseName(serverUrl, name);
  afterAll(() => dropDatabase(serverUrl, name));

  it("apply to an empty database, twice without error (the second run is a no-op)", async () => {
    await ensureDatabase(serverUrl, name);
    await runMigrations(url);
    await runMigrations(url);

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql<{ table_name: string }[]>`
        select table_name from information_schema.tables
        where table_schema = 'public' order by table_name`;
      expect(tables.map((t) => t.table_name)).toEqual([
        "account",
        "ai_chat",
        "billing_event",
        "credit_transaction",
        "invitation",
        "lead",
        "member",
        "order",
        "order_item",
        "organization",
        "rate_limit",
        "session",
        "subscription",
        "subscription_item",
        "two_factor",
        "user",
        "verification",
      ]);
      const journal = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const files = (await readdir(MIGRATIONS_FOLDER)).filter((f) => f.endsWith(".sql"));
      expect(journal[0]?.["n"]).toBe(files.length);

      const [role] = await sql`select rolcanlogin, rolbypassrls from pg_roles where rolname = 'app_tenant'`;
      expect(role).toEqual({ rolcanlogin: false, rolbypassrls: false });
      const [extension] = await sql`select 1 as ok from pg_extension where extname = 'pg_trgm'`;
      expect(extension).toEqual({ ok: 1 });
    } finally {
      await sql.end();
    }
  });

  it("match the schema: drizzle-kit generate finds nothing to add", async () => {
    // Generate against a copy so a drift produces a file there, never in the repository.
    const dir = await mkdtemp(path.join(tmpdir(), "saas-drift-"));
    try {
      const out = path.join(dir, "migrations");
      await cp(MIGRATIONS_FOLDER, out, { recursive: true });
      const config = path.join(dir, "drizzle.config.ts");
      const schema = path.join(workspaceRoot, "libs/db/src/schema/index.ts");
      // drizzle-kit takes `out` relative to its working directory.
      await writeFile(
        config,
        `export default { dialect: "postgresql", casing: "snake_case", schema: ${JSON.stringify(schema)}, out: ${JSON.stringify(path.relative(workspaceRoot, out))} };\n`,
      );
      const before = await readdir(out);
      const drizzleKit = path.join(workspaceRoot, "node_modules/.bin/drizzle-kit");
      const { stdout, stderr } = await promisify(execFile)(drizzleKit, ["generate", "--config", config], {
        cwd: workspaceRoot,
      });
      expect(stdout + stderr).toContain("No schema changes");
      expect(await readdir(out)).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
