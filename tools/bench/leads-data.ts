// The data of the leads benchmark: one organization with 1,000,000 leads, 1,000 organizations of
// 4,000 (4,000,000 more), and a small one of 1,000 — in a PostgreSQL cluster of its own under
// .data/bench-leads, kept between runs (building it takes minutes; `--rebuild` starts over).
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { hashPassword } from "@saas/auth";
import { accountTable, createDb, leadTable, memberTable, organizationTable, userTable, type Database } from "@saas/db";
import { ensureDatabase, withDatabaseName } from "@saas/db/admin";
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from "@saas/db/embedded";
import { runMigrations } from "@saas/db/migrate";
import { count, eq, sql } from "drizzle-orm";
import { WORKSPACE_ROOT } from "../src/env";

export const BENCH_PASSWORD = "bench-password-0123";
export const SIZES = { big: 1_000_000, others: 1_000, perOther: 4_000, small: 1_000 } as const;

const FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia", "Mateo", "Charlotte", "Kwame", "Aiko", "Priya", "Diego", "Fatima", "Hiro", "Ingrid", "Mei", "Nils", "Omar", "Zanele", "Chloé", "Arjun", "Sofía", "Lukas", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Dennis", "Margaret", "Ken", "Frances", "Radia"];
// No Lovelace here: one lead of the big organization is Ada Lovelace (the rare search).
const LAST_NAMES = ["Smith", "Johnson", "Garcia", "Müller", "Rossi", "Dubois", "Tanaka", "Kim", "Nguyen", "Patel", "Okafor", "Andersson", "Kowalski", "Silva", "Cohen", "Haddad", "Jensen", "Novak", "Sato", "Mensah", "O'Brien", "Fernández", "Schmidt", "Moreau", "Hopper", "Turing", "Knuth", "Liskov", "Ritchie", "Hamilton", "Thompson", "Allen", "Perlman", "Dijkstra", "Wirth", "Hoare", "Lamport", "Kay", "Backus", "Engelbart", "Shannon", "Noyce", "Moore", "Wozniak", "Berners", "Cerf", "Kahn", "Torvalds", "Stallman", "Pike"];
const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Pied Piper", "Stark Industries", "Wayne Enterprises", "Soylent", "Tyrell", "Cyberdyne", "Oscorp", "Wonka", "Dunder Mifflin", "Vandelay", "Monarch", "Sterling Cooper", "Massive Dynamic", "Blue Sun", "Nakatomi"];

export interface BenchData {
  server: EmbeddedPostgresServer;
  url: string;
  db: Database;
  big: { id: string; ownerId: string; ownerEmail: string };
  small: { id: string };
  buildSeconds: number | null;
}

const textArray = (values: string[]) => sql.raw(`array[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", ")}]`);

/** Rows n = from..to of an organization, generated in SQL (deterministic, no round trip per row). */
async function generateLeads(db: Database, organizationId: string, { from, to, total }: { from: number; to: number; total: number }, emailDomain: string) {
  await db.execute(sql`
    insert into lead (organization_id, first_name, last_name, email, phone, company, status, source, estimated_value, created_at, updated_at, position)
    select ${organizationId}::uuid,
           (${textArray(FIRST_NAMES)})[1 + (n * 7) % ${FIRST_NAMES.length}],
           (${textArray(LAST_NAMES)})[1 + (n * 13) % ${LAST_NAMES.length}],
           'person' || n || '@' || ${emailDomain},
           case when n % 3 = 0 then '+1555' || lpad((n % 10000000)::text, 7, '0') end,
           (${textArray(COMPANIES)})[1 + (n * 17) % ${COMPANIES.length}] || ' ' || (n % 97),
           (array['new','contacted','qualified','proposal','negotiation','won','lost'])[1 + (n * 31) % 7],
           (array['website','referral','social','email','event','advertising','cold_outreach','partner','other'])[1 + (n * 37) % 9],
           case when n % 5 = 0 then null else ((n * 7919) % 200000) end,
           -- Created over two years in order (as leads arrive), a few seconds apart.
           timestamptz '2024-12-01' + n * interval '1 second' * (63072000.0 / ${total}),
           timestamptz '2024-12-01' + n * interval '1 second' * (63072000.0 / ${total}),
           -extract(epoch from timestamptz '2024-12-01' + n * interval '1 second' * (63072000.0 / ${total}))
    from generate_series(${from}::bigint, ${to}::bigint) n`);
}

export async function openBenchData({ rebuild }: { rebuild: boolean }): Promise<BenchData> {
  const dataDir = path.join(WORKSPACE_ROOT, ".data/bench-leads");
  if (rebuild) await rm(dataDir, { recursive: true, force: true });
  const fresh = !existsSync(path.join(dataDir, "PG_VERSION"));
  await mkdir(path.dirname(dataDir), { recursive: true });
  const server = await startEmbeddedPostgres({
    dataDir,
    port: 5499,
    persistent: true,
    // A server sized like a small production one: the working set of the big organization fits.
    settings: { shared_buffers: "2GB", work_mem: "32MB", maintenance_work_mem: "1GB", effective_cache_size: "8GB", max_connections: "200", random_page_cost: "1.1" },
  });
  const url = withDatabaseName(server.url(), "bench");
  await ensureDatabase(server.url(), "bench");
  await runMigrations(url);
  const db = createDb(url, { max: 20, applicationName: "bench-leads" });
  let buildSeconds: number | null = null;
  if (fresh) buildSeconds = await build(db);
  const [big] = await db.select({ id: organizationTable.id }).from(organizationTable).where(eq(organizationTable.slug, "bench-big"));
  const [small] = await db.select({ id: organizationTable.id }).from(organizationTable).where(eq(organizationTable.slug, "bench-small"));
  const [owner] = await db
    .select({ id: userTable.id, email: userTable.email })
    .from(memberTable)
    .innerJoin(userTable, eq(userTable.id, memberTable.userId))
    .where(eq(memberTable.organizationId, big!.id));
  return { server, url, db, big: { id: big!.id, ownerId: owner!.id, ownerEmail: owner!.email }, small: { id: small!.id }, buildSeconds };
}

async function build(db: Database): Promise<number> {
  const started = performance.now();
  const log = (message: string) => console.log(`  [${Math.round((performance.now() - started) / 1000)} s] ${message}`);
  log("building the benchmark data (once; kept in .data/bench-leads)…");
  // Indexes are built after the load: much faster than maintaining them row by row.
  const indexes = await db.execute<{ indexname: string; indexdef: string }>(
    sql`select indexname, indexdef from pg_indexes where tablename = 'lead' and indexname not in ('lead_pkey', 'lead_organization_id_id_unique')`,
  );
  for (const index of indexes) await db.execute(sql.raw(`drop index ${index.indexname}`));

  const [owner] = await db
    .insert(userTable)
    .values({ name: "Bench Owner", email: "owner@bench.example", emailVerified: true })
    .returning({ id: userTable.id });
  await db.insert(accountTable).values({ userId: owner!.id, accountId: owner!.id, providerId: "credential", password: await hashPassword(BENCH_PASSWORD) });
  const organizations = await db
    .insert(organizationTable)
    .values([
      { name: "Big Co", slug: "bench-big" },
      { name: "Small Co", slug: "bench-small" },
      ...Array.from({ length: SIZES.others }, (_, i) => ({ name: `Tenant ${i}`, slug: `bench-tenant-${i}` })),
    ])
    .returning({ id: organizationTable.id, slug: organizationTable.slug });
  await db.insert(memberTable).values(organizations.map((organization) => ({ organizationId: organization.id, userId: owner!.id, role: "owner" as const })));
  const bySlug = new Map(organizations.map((organization) => [organization.slug, organization.id]));

  for (let from = 1; from <= SIZES.big; from += 250_000) {
    await generateLeads(db, bySlug.get("bench-big")!, { from, to: Math.min(SIZES.big, from + 249_999), total: SIZES.big }, "acme.example");
    log(`big organization: ${Math.min(SIZES.big, from + 249_999).toLocaleString("en-US")} leads`);
  }
  // The rare one.
  await db.execute(sql`update lead set first_name = 'Ada', last_name = 'Lovelace' where organization_id = ${bySlug.get("bench-big")!} and email = 'person12345@acme.example'`);
  await generateLeads(db, bySlug.get("bench-small")!, { from: 1, to: SIZES.small, total: SIZES.small }, "small.example");
  for (let i = 0; i < SIZES.others; i++) {
    await generateLeads(db, bySlug.get(`bench-tenant-${i}`)!, { from: 1, to: SIZES.perOther, total: SIZES.perOther }, `tenant${i}.example`);
    if ((i + 1) % 100 === 0) log(`other organizations: ${((i + 1) * SIZES.perOther).toLocaleString("en-US")} leads`);
  }
  // Ada Lovelace's namesakes elsewhere: another organization's rows must not be paid for.
  await db.execute(sql`update lead set last_name = 'Lovelace' where organization_id = ${bySlug.get("bench-tenant-0")!}`);
  for (const index of indexes) {
    await db.execute(sql.raw(index.indexdef));
    log(`index ${index.indexname}`);
  }
  await db.execute(sql`vacuum analyze lead`);
  const [total] = await db.select({ n: count() }).from(leadTable);
  log(`${total?.n.toLocaleString("en-US")} leads`);
  return Math.round((performance.now() - started) / 1000);
}
