import { createAuthHarness, WEB_URL, type AuthHarness, type TestBrowser } from "@saas/auth/testing";
import { memberAllowance, type BillingDeps, type Stripe } from "@saas/billing";
import { createTestCatalog } from "@saas/billing/testing";
import { MemberRole, memberTable, sessionTable, UserRole, userTable, type Database } from "@saas/db";
import { eq } from "drizzle-orm";
import { createContext, type ApiLogger } from "../context";
import { appRouter, createCaller } from "../root";

/** What a test caller logged as unexpected errors (the detail a client never sees). */
export interface LoggedError {
  details: Record<string, unknown>;
  message: string;
}

export interface Person {
  userId: string;
  email: string;
  browser: TestBrowser;
  /** The router as this person, through a context built from their browser's cookies. */
  caller: ReturnType<typeof createCaller>;
}

export interface OrganizationFixture {
  id: string;
  owner: Person;
  admin: Person;
  member: Person;
}

export interface ApiHarnessOptions {
  /**
   * Billing on, with the test catalog and this Stripe client (the tests' local Stripe server):
   * plan limits are enforced, in procedures and in Better Auth. Absent: billing not configured.
   */
  stripe?: Stripe;
}

export interface ApiHarness {
  auth: AuthHarness;
  db: Database;
  /** Billing's dependencies as the procedures get them (null when not configured). */
  billing: BillingDeps | null;
  logged: LoggedError[];
  /** Waits for the work requests started in the background (an import's run), and its outcome. */
  settleBackground(): Promise<unknown[]>;
  /** A context as a route handler builds it, for the entry points that are not procedures. */
  contextFor(headers?: Headers): ReturnType<typeof createContext>;
  /** A caller for any request headers (none: signed out). */
  callerFor(headers?: Headers): ReturnType<typeof createCaller>;
  /** A new person, signed up and verified through the real auth endpoints. */
  person(name?: string): Promise<Person>;
  /** A platform admin with two-factor authentication on (set in the database, as enrolment would): staff in good standing. */
  staff(name?: string): Promise<Person>;
  /** An organization created by its owner through Better Auth, with an admin and a member added. */
  organization(name?: string): Promise<OrganizationFixture>;
  /** Adds a person to an organization with a role, and makes it their active one. */
  join(person: Person, organizationId: string, role: MemberRole): Promise<void>;
  dispose(): Promise<void>;
}

let organizationCounter = 0;

/**
 * Procedure tests run the router through its server-side caller with contexts built exactly as
 * the web app builds them (real Better Auth sessions from cookies, real PostgreSQL, the tenant
 * wall), on a test database of their own.
 */
export async function createApiHarness({ stripe }: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const catalog = stripe ? createTestCatalog() : null;
  // The database exists once the auth harness has made it; the allowance is asked only later.
  let database: Database | undefined;
  const allowanceOf = (organizationId: string) => {
    if (!database || !catalog) throw new Error("The API harness asked for a member allowance before its database existed");
    return memberAllowance(database, catalog)(organizationId);
  };
  const auth = await createAuthHarness(catalog ? { memberAllowance: allowanceOf } : {});
  const db = (database = auth.database.db);
  const billing: BillingDeps | null = stripe && catalog ? { db, stripe, catalog } : null;
  const logged: LoggedError[] = [];
  const log: ApiLogger = { error: (details, message) => logged.push({ details, message }) };
  const background: Promise<unknown>[] = [];
  const contextFor = (headers = new Headers()) =>
    createContext({ auth: auth.auth, db, headers, log, billing, appUrl: WEB_URL, runInBackground: (task) => void background.push(task()) });
  const callerFor = (headers = new Headers()) => createCaller(contextFor(headers));

  const harness: ApiHarness = {
    auth,
    db,
    billing,
    logged,
    callerFor,
    contextFor,
    settleBackground: () => Promise.all(background.splice(0)),
    async person(name) {
      const { browser, email, userId } = await auth.signUp(name ? { name } : {});
      return { userId, email, browser, caller: callerFor(browser.headers()) };
    },
    async staff(name) {
      const person = await harness.person(name);
      await db.update(userTable).set({ role: UserRole.admin, twoFactorEnabled: true }).where(eq(userTable.id, person.userId));
      return person;
    },
    async join(person, organizationId, role) {
      await db.insert(memberTable).values({ organizationId, userId: person.userId, role });
      await db.update(sessionTable).set({ activeOrganizationId: organizationId }).where(eq(sessionTable.userId, person.userId));
    },
    async organization(name) {
      organizationCounter += 1;
      const slug = `org-${process.pid}-${organizationCounter}-${Date.now().toString(36)}`;
      const [owner, admin, member] = await Promise.all([harness.person(), harness.person(), harness.person()]);
      const created = await owner.browser.post("/organization/create", { name: name ?? `Org ${organizationCounter}`, slug });
      if (created.status !== 200) throw new Error(`organization/create failed: ${created.status} ${JSON.stringify(created.body)}`);
      const id = created.body.id as string;
      await harness.join(admin, id, MemberRole.admin);
      await harness.join(member, id, MemberRole.member);
      return { id, owner, admin, member };
    },
    dispose: () => auth.dispose(),
  };
  return harness;
}

/** Every procedure of the router, by its dotted path, with its type (from the router's own definition). */
export function listProcedures(): { path: string; type: "query" | "mutation" | "subscription" }[] {
  return Object.entries(appRouter._def.procedures).map(([path, procedure]) => ({
    path,
    type: (procedure as unknown as { _def: { type: "query" | "mutation" | "subscription" } })._def.type,
  }));
}

/** Calls a procedure by its dotted path on a caller (for tests that walk the whole router). */
export function callByPath(caller: ReturnType<typeof createCaller>, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  return (target as (input: unknown) => Promise<unknown>)(input);
}
