// npm run db:migrate | db:seed | db:push | db:studio — each against the dev database (DATABASE_URL,
// or the embedded PostgreSQL, started for the command when `npm run dev` is not running it).
import { spawn } from "node:child_process";
import { createDb } from "@saas/db";
import { prepareForPush, runMigrations } from "@saas/db/migrate";
import { exitWith } from "./command";
import { openDevDatabase } from "./dev-database";
import { loadDotEnv, readDevEnv, WORKSPACE_ROOT } from "./env";
import { seedDemoData } from "./seed/demo-data";
import { demoSeedRefusal, readDemoSeedEnv } from "./seed/demo-seed-guard";

const COMMANDS = ["migrate", "seed", "push", "studio"] as const;
type Command = (typeof COMMANDS)[number];

function drizzleKit(args: string[], databaseUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["drizzle-kit", ...args], {
      cwd: WORKSPACE_ROOT,
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

async function run(command: Command): Promise<number> {
  loadDotEnv();
  const env = readDevEnv();
  if (command === "seed") {
    // Before connecting or migrating anything: demo logins have a published password.
    const refusal = demoSeedRefusal({ databaseUrl: env.DATABASE_URL, ...readDemoSeedEnv() });
    if (refusal) {
      console.error(refusal);
      return 1;
    }
  }
  const database = await openDevDatabase(env);
  console.log(`Database: ${database.description}`);
  try {
    switch (command) {
      case "migrate":
        await runMigrations(database.migrationUrl);
        console.log("Migrations applied.");
        return 0;
      case "seed": {
        await runMigrations(database.migrationUrl);
        const db = createDb(database.url, { max: 1, pooler: database.pooler });
        try {
          const summary = await seedDemoData(db);
          console.log(
            `Demo data: ${summary.organizations} organizations, ${summary.users} users, ${summary.leads} leads.`,
          );
        } finally {
          await db.close();
        }
        return 0;
      }
      case "push": {
        // push knows nothing of the hand-written SQL in the migrations (pg_trgm, app_tenant, grants,
        // policy bodies, triggers): apply the committed migrations first, push the rest on top.
        const prepared = await prepareForPush(database.url);
        console.log(
          prepared === "migrated"
            ? "Committed migrations applied; pushing the schema changes not in a migration yet."
            : "Tables without a migration journal (an earlier push): pg_trgm and app_tenant ensured; " +
                "grants, policy bodies and triggers come only from migrations (reset the database to get them).",
        );
        return await drizzleKit(["push"], database.url);
      }
      case "studio":
        return await drizzleKit(["studio"], database.url);
    }
  } finally {
    await database.stop();
  }
}

const command = process.argv[2];
if (!COMMANDS.includes(command as Command)) {
  console.error(`Usage: tsx tools/src/db.ts <${COMMANDS.join("|")}>`);
  process.exit(2);
}
exitWith(() => run(command as Command));
