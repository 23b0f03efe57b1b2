import { userTable } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchUsers, USER_SORTS, type UserSearch } from "./users";

// The user search picks one of three plans by how common its term is (a short walk of the sort
// order, a longer one, or the trigram index). Whatever the plan, a page must be exactly the page
// the plain query gives: the same users, in the same order, with the same next page.

let t: TestDatabase;
const USERS = 12_000;

beforeAll(async () => {
  t = await createTestDatabase();
  // Terms of every frequency: "common" in every 2nd user, "middling" in every 150th (a first walk
  // of 5,000 finds ~33, too few for a page of 51, but close), "rare" in 3 users, long terms.
  await t.db.execute(sql`
    insert into "user" (name, email, email_verified, role, banned, created_at, updated_at)
    select case when i % 2 = 0 then 'Common ' else 'Plain ' end || case when i % 150 = 0 then 'Middling ' else '' end
             || case when i in (17, 4242, 11111) then 'Rarename ' else '' end || 'Person ' || i,
           'person' || i || '@example' || (i % 5) || '.test', i % 3 <> 0, case when i % 997 = 0 then 'admin' else 'user' end, i % 501 = 0,
           now() - make_interval(secs => ${USERS} - i) - (case when i % 7 = 0 then interval '0' else make_interval(secs => 0.5) end), now()
    from generate_series(1, ${USERS}) i`);
});
afterAll(() => t.dispose());

const LIKE = (q: string) => `%${q.toLowerCase()}%`;
const ORDER: Record<(typeof USER_SORTS)[number], string> = {
  newest: "created_at desc, id desc",
  oldest: "created_at asc, id asc",
  email: "email asc, id asc",
  name: "name asc, id asc",
};

/** Every matching id in order, by the plain query (no plan, no index choice). */
async function expected(q: string, sort: (typeof USER_SORTS)[number], extra = sql`true`) {
  const rows = await t.db.execute<{ id: string }>(
    sql`select id from ${userTable} where lower(name || ' ' || email) like ${LIKE(q)} and ${extra} order by ${sql.raw(ORDER[sort])}`,
  );
  return rows.map((row) => row.id);
}

/** Every id the search gives, page by page. */
async function walked(search: UserSearch) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = await searchUsers(t.db, { ...search, cursor, limit: 51 });
    ids.push(...page.items.map((user) => user.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe("user search plans give the plain query's pages", () => {
  for (const q of ["common", "middling", "rarename", "person 1234", "EXAMPLE3", "zzz-nothing"]) {
    it(`"${q}", every sort, every page`, async () => {
      for (const sort of USER_SORTS) {
        const want = await expected(q, sort);
        if (q === "common") expect(want.length).toBeGreaterThan(5_000);
        if (q === "middling") expect(want.length).toBeGreaterThan(51);
        expect(await walked({ q, sort }), `${q} by ${sort}`).toEqual(want);
      }
    });
  }

  it("with filters as well", async () => {
    expect(await walked({ q: "common", banned: false, unverified: true })).toEqual(await expected("common", "newest", sql`not banned and not email_verified`));
    expect(await walked({ q: "middling", platformAdmin: false, sort: "name" })).toEqual(await expected("middling", "name", sql`role <> 'admin'`));
  });
});
