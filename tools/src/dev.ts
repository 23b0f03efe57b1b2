// npm run dev — the database (embedded PostgreSQL unless DATABASE_URL is set), migrations, demo
// data on an empty database, then the web, admin and worker apps on fixed ports.
import { rmSync } from "node:fs";
import path from "node:path";
import { createDb, getPlatformCounts } from "@saas/db";
import { runMigrations } from "@saas/db/migrate";
import { openDevDatabase, type DevDatabase } from "./dev-database";
import { loadDotEnv, readDevEnv, WORKSPACE_ROOT } from "./env";
import { startProcess, stopProcess, waitForHttp, type ManagedProcess } from "./processes";
import { staffEnrolmentLink } from "./staff-enrolment-link";
import { DEMO_LOGINS, DEMO_PASSWORD, DEMO_STAFF, seedDemoData } from "./seed/demo-data";
import { demoSeedRefusal, readDemoSeedEnv } from "./seed/demo-seed-guard";

const bin = (name: string) => path.join(WORKSPACE_ROOT, "node_modules/.bin", name);

/** Migrates, then seeds the demo data into an empty database unless `seedRefusal` says why not. */
async function prepareDatabase(database: DevDatabase, seedRefusal: string | null): Promise<void> {
  await runMigrations(database.migrationUrl);
  const db = createDb(database.url, { max: 1, pooler: database.pooler });
  try {
    // Demo data only on a database without organizations: never into one someone is using.
    const { organizations } = await getPlatformCounts(db);
    if (organizations > 0) {
      console.log(`Existing data kept (${organizations} organizations); demo data is only seeded into an empty database.`);
    } else if (seedRefusal) {
      // The apps still start; there are just no demo logins (sign up instead).
      console.error(seedRefusal);
    } else {
      const summary = await seedDemoData(db);
      console.log(`Seeded demo data: ${summary.organizations} organizations, ${summary.users} users, ${summary.leads} leads.`);
    }
  } finally {
    await db.close();
  }
}

async function main() {
  loadDotEnv();
  const env = readDevEnv();
  const database = await openDevDatabase(env);
  console.log(`Database: ${database.description}`);

  const apps: ManagedProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await Promise.all(apps.map((app) => stopProcess(app)));
    await database.stop();
    process.exit(code);
  };
  process.once("SIGINT", () => void stopAll(0));
  process.once("SIGTERM", () => void stopAll(0));

  // Demo logins have a published password: only on this machine, not in production (or on purpose).
  const seedRefusal = demoSeedRefusal({ databaseUrl: env.DATABASE_URL, ...readDemoSeedEnv() });
  try {
    await prepareDatabase(database, seedRefusal);
  } catch (error) {
    await database.stop();
    throw error;
  }

  const webUrl = env.WEB_URL ?? `http://localhost:${env.WEB_PORT}`;
  const adminUrl = env.ADMIN_URL ?? `http://localhost:${env.ADMIN_PORT}`;
  const outbox = path.resolve(WORKSPACE_ROOT, env.MAIL_OUTBOX_DIR ?? path.join(env.dataDir, "mail"));
  const childEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXT_TELEMETRY_DISABLED: "1",
    // Each app's public URL (its auth origin and the links in emails) follows the ports chosen here.
    WEB_URL: webUrl,
    ADMIN_URL: adminUrl,
    // Without SMTP_URL, emails go to the local outbox; an absolute path, as the apps run in their own folders.
    MAIL_OUTBOX_DIR: outbox,
  };
  const definitions = [
    { name: "web", port: env.WEB_PORT, probe: "/api/health", command: bin("next"), args: ["dev", "--hostname", env.HOST, "--port", String(env.WEB_PORT)] },
    { name: "admin", port: env.ADMIN_PORT, probe: "/api/health", command: bin("next"), args: ["dev", "--hostname", env.HOST, "--port", String(env.ADMIN_PORT)] },
    { name: "worker", port: env.WORKER_PORT, probe: "/healthz", command: bin("tsx"), args: ["watch", "--clear-screen=false", "src/main.ts"] },
  ];
  // A test run builds into a folder of its own (NEXT_DIST_DIR, never the developer's .next) and
  // starts it empty, as on a fresh clone: Turbopack's cache from a run on older sources can leave
  // the pages reloading in a loop ("HMR hash mismatch").
  if (env.NEXT_DIST_DIR && env.NEXT_DIST_DIR !== ".next") {
    for (const app of ["web", "admin"]) rmSync(path.join(WORKSPACE_ROOT, "apps", app, env.NEXT_DIST_DIR), { recursive: true, force: true });
  }
  definitions.forEach((app, index) => {
    const managed = startProcess(app.name, app.command, app.args, {
      cwd: path.join(WORKSPACE_ROOT, "apps", app.name),
      env: { ...childEnv, PORT: String(app.port), HOST: env.HOST },
      colorIndex: index,
    });
    apps.push(managed);
    void managed.exited.then((code) => {
      if (!stopping) {
        console.error(`${app.name} exited with code ${code}; stopping the others.`);
        void stopAll(code || 1);
      }
    });
  });

  try {
    await Promise.all(
      definitions.map((app, index) =>
        waitForHttp(`http://${probeHost(env.HOST)}:${app.port}${app.probe}`, 240_000, () => !stopping && apps[index]?.child.exitCode === null),
      ),
    );
  } catch (error) {
    console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
    return;
  }
  // The demo staff member enrols two-factor authentication from a link, as real staff do.
  const staffLink = seedRefusal ? null : await staffEnrolmentLink(database.url, DEMO_STAFF.email, adminUrl);
  console.log(
    [
      "",
      "Ready:",
      `  web     ${webUrl}`,
      `  admin   ${adminUrl}`,
      `  worker  http://localhost:${env.WORKER_PORT}  (GET /healthz, GET /readyz)`,
      "",
      ...(seedRefusal
        ? ["No demo logins: sign up in the web app.", seedRefusal]
        : [`Demo logins (password: ${DEMO_PASSWORD}):`, ...DEMO_LOGINS.map((login) => `  ${login.kind.padEnd(9)} ${login.email.padEnd(20)} ${login.note}`)]),
      ...(staffLink && "url" in staffLink ? [`Staff two-factor enrolment link (once, 30 minutes; a new one: npm run staff:enrol -- ${DEMO_STAFF.email}):`, `  ${staffLink.url}`] : []),
      env.SMTP_URL ? "Emails are sent through SMTP_URL." : `Emails go to ${path.relative(process.cwd(), outbox) || outbox} (.eml files); their links are printed here.`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/** Where to reach a server listening on `host`: loopback when it listens on every address. */
function probeHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
