import { accountTable, decodeCursor, encodeCursor, memberTable, organizationTable, sessionTable, staffAuditLogTable, userTable, type Database } from "@saas/db";
import { AppError, notFound } from "@saas/errors";
import { and, asc, desc, eq, gt, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";

/**
 * The console's view of people: every user of the platform (staff only, no tenant wall), searched
 * by email or name — a prefix or any part of either (the trigram index `user_search_idx`) —
 * filtered, sorted and paged by keyset, and one user in detail.
 */

export const USER_SORTS = ["newest", "oldest", "email", "name"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const userSearchSchema = z.object({
  q: z.string().trim().max(200, "Search: at most 200 characters").optional(),
  banned: z.boolean().optional(),
  platformAdmin: z.boolean().optional(),
  twoFactor: z.boolean().optional(),
  unverified: z.boolean().optional(),
  signedUpFrom: z.coerce.date({ error: "Signed up from: not a date" }).optional(),
  signedUpTo: z.coerce.date({ error: "Signed up to: not a date" }).optional(),
  sort: z.enum(USER_SORTS).default("newest"),
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type UserSearch = z.input<typeof userSearchSchema>;

export const userRowColumns = {
  id: userTable.id,
  name: userTable.name,
  email: userTable.email,
  emailVerified: userTable.emailVerified,
  role: userTable.role,
  banned: userTable.banned,
  banReason: userTable.banReason,
  banExpires: userTable.banExpires,
  twoFactorEnabled: userTable.twoFactorEnabled,
  createdAt: userTable.createdAt,
};

/** The sort's column, its type (to read a cursor's key back) and direction; `id` breaks ties. */
const SORTS: Record<UserSort, { column: typeof userTable.createdAt | typeof userTable.email | typeof userTable.name; cast: string; descending: boolean }> = {
  newest: { column: userTable.createdAt, cast: "timestamptz", descending: true },
  oldest: { column: userTable.createdAt, cast: "timestamptz", descending: false },
  email: { column: userTable.email, cast: "text", descending: false },
  name: { column: userTable.name, cast: "text", descending: false },
};

/** A literal LIKE pattern: the person's `%` and `_` are characters, not wildcards. */
const likeLiteral = (text: string) => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/** The search: any part of "name email", lowercased — the trigram index's expression (a prefix is a part too). */
const searchCondition = (q: string) => sql`lower(${userTable.name} || ' ' || ${userTable.email}) like ${`%${likeLiteral(q)}%`}`;

/**
 * How many users of the sort order a search reads before concluding its term is rare. A common
 * term ("ana", "gmail") finds a page of matches within the first rows of the sort order, read
 * straight from its index; a rare one (an email) would make that walk cross every user, so past
 * this many rows the trigram index gives every match instead (few) and they are sorted. The same
 * two plans as the leads search; tuned with `npm run bench:staff`.
 */
const SEARCH_WALK_ROWS = 5000;
const MAX_WALK_ROWS = 60_000;
/** A term this long is rare (an email, a full name): straight to the trigram index. */
const RARE_TERM_LENGTH = 8;

/** Where the filters narrow the users (the search apart: see readUserPage). */
function userFilters(search: z.output<typeof userSearchSchema>): SQL[] {
  const where: SQL[] = [];
  if (search.banned !== undefined) where.push(eq(userTable.banned, search.banned));
  if (search.platformAdmin !== undefined) where.push(search.platformAdmin ? eq(userTable.role, "admin") : sql`${userTable.role} <> 'admin'`);
  if (search.twoFactor !== undefined) where.push(eq(userTable.twoFactorEnabled, search.twoFactor));
  if (search.unverified !== undefined) where.push(eq(userTable.emailVerified, !search.unverified));
  if (search.signedUpFrom) where.push(gte(userTable.createdAt, search.signedUpFrom));
  if (search.signedUpTo) where.push(lte(userTable.createdAt, search.signedUpTo));
  return where;
}

/** One page of users and the cursor of the next (null: the last page). */
export function searchUsers(db: Database, input: UserSearch) {
  return readUserPage(db, userSearchSchema.parse(input));
}

/** A page of any size (the CSV export reads a thousand at a time); `search` is already validated. */
export async function readUserPage(db: Database, search: z.output<typeof userSearchSchema>) {
  if (search.signedUpFrom && search.signedUpTo && search.signedUpFrom > search.signedUpTo) {
    throw new AppError("BAD_REQUEST", "Signed up from must be before signed up to.", { reason: "VALIDATION_ERROR", fieldErrors: { signedUpFrom: "after signed up to" } });
  }
  const { column, cast, descending } = SORTS[search.sort];
  const where = userFilters(search);
  if (search.cursor) {
    const cursor = decodeCursor(search.cursor);
    where.push(sql`(${column}, ${userTable.id}) ${descending ? sql`<` : sql`>`} (${cursor.key}::${sql.raw(cast)}, ${cursor.id}::uuid)`);
  }
  const order = descending ? [desc(column), desc(userTable.id)] : [asc(column), asc(userTable.id)];
  const fetch = search.limit + 1;
  const keys = search.q ? await searchedKeys(db, where, searchCondition(search.q), { column, descending, fetch, rare: search.q.length >= RARE_TERM_LENGTH }) : null;
  if (keys?.length === 0) return { items: [], nextCursor: null };
  const rows = await db
    .select({ ...userRowColumns, key: sql<string>`${column}::text` })
    .from(userTable)
    .where(keys ? inArray(userTable.id, keys) : and(...where))
    .orderBy(...order)
    .limit(fetch);
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > search.limit && last ? encodeCursor({ key: last.key, id: last.id }) : null;
  const items = page.map(({ key: _key, ...user }) => user);
  return { items, nextCursor };
}

/** The ids of a searched page, by the cheaper of two plans (see SEARCH_WALK_ROWS). */
async function searchedKeys(
  db: Database,
  where: SQL[],
  matches: SQL,
  { column, descending, fetch, rare }: { column: PgColumn; descending: boolean; fetch: number; rare: boolean },
): Promise<string[]> {
  const direction = sql.raw(descending ? "desc" : "asc");
  const walk = (rows: number) =>
    db.execute<{ id: string }>(sql`
      select id from (
        select ${userTable.id} as id, ${matches} as matched from ${userTable}
        where ${and(...where) ?? sql`true`} order by ${column} ${direction}, ${userTable.id} ${direction} limit ${rows}
      ) walked where matched limit ${fetch}`);
  if (!rare) {
    const first = await walk(SEARCH_WALK_ROWS);
    if (first.length === fetch) return first.map((row) => row.id);
    // Some matches, too few for a page: at that density, how far a page is. Walking there is
    // cheaper than sorting the many matches of a middling term, up to a point.
    const projected = first.length > 0 ? Math.ceil((fetch * SEARCH_WALK_ROWS * 1.5) / first.length) : Infinity;
    if (projected <= MAX_WALK_ROWS) {
      const further = await walk(projected);
      if (further.length === fetch) return further.map((row) => row.id);
    }
  }
  // A rare term: every match from the trigram index, sorted (the materialized CTE keeps the
  // planner from walking the sort index instead).
  const found = await db.execute<{ id: string }>(sql`
    with matches as materialized (
      select ${userTable.id} as id, ${column} as sort from ${userTable} where ${and(...where, matches)}
    )
    select id from matches order by sort ${direction}, id ${direction} limit ${fetch}`);
  return found.map((row) => row.id);
}

/** One user as support sees them: profile, memberships, sign-in methods, sessions, and what staff did to them. */
export async function getUserDetail(db: Database, userId: string) {
  const [user] = await db.select(userRowColumns).from(userTable).where(eq(userTable.id, userId));
  if (!user) throw notFound("User");
  const [memberships, signInMethods, sessions, audit] = await Promise.all([
    db
      .select({ organizationId: organizationTable.id, name: organizationTable.name, slug: organizationTable.slug, role: memberTable.role, joinedAt: memberTable.createdAt })
      .from(memberTable)
      .innerJoin(organizationTable, eq(organizationTable.id, memberTable.organizationId))
      .where(eq(memberTable.userId, userId))
      .orderBy(asc(organizationTable.name)),
    db
      .select({ provider: accountTable.providerId, createdAt: accountTable.createdAt })
      .from(accountTable)
      .where(eq(accountTable.userId, userId))
      .orderBy(asc(accountTable.createdAt)),
    db
      .select({
        id: sessionTable.id,
        ipAddress: sessionTable.ipAddress,
        userAgent: sessionTable.userAgent,
        createdAt: sessionTable.createdAt,
        lastSeenAt: sessionTable.updatedAt,
        expiresAt: sessionTable.expiresAt,
        impersonatedBy: sessionTable.impersonatedBy,
      })
      .from(sessionTable)
      .where(and(eq(sessionTable.userId, userId), gt(sessionTable.expiresAt, sql`now()`)))
      .orderBy(desc(sessionTable.updatedAt)),
    db
      .select()
      .from(staffAuditLogTable)
      .where(and(eq(staffAuditLogTable.targetType, "user"), eq(staffAuditLogTable.targetId, userId)))
      .orderBy(desc(staffAuditLogTable.createdAt), desc(staffAuditLogTable.id))
      .limit(50),
  ]);
  return { user, memberships, signInMethods, sessions, audit };
}

