import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@saas/db";
import { createTestDatabase, type TestDatabase } from "@saas/db/testing";
import { createMailer, createOutboxTransport } from "@saas/email";
import { readOutbox, waitForEmail, type OutboxEntry } from "@saas/email/outbox";
import { createAuth, type CreateAuthOptions } from "../create-auth";

export const WEB_URL = "http://localhost:3000";
export const TEST_SECRET = "test-secret-0123456789-0123456789-0123456789";
export const PASSWORD = "correct horse battery";

let ipCounter = 0;
/** A fresh client address per simulated browser, so rate limits only bite where a test wants them. */
export function nextIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

export interface JsonResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON of many endpoints; tests assert its shape
  body: any;
  headers: Headers;
}

/**
 * A browser against the real HTTP handler: keeps cookies, sends this site's Origin and its own
 * client IP (through the trusted proxy header), and speaks JSON.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly handle: (request: Request) => Promise<Response>,
    readonly origin: string,
    readonly ip: string = nextIp(),
  ) {}

  async request(method: string, url: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonResponse> {
    const headers = new Headers({ "x-forwarded-for": this.ip, origin: this.origin, ...options.headers });
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    if (options.body !== undefined) headers.set("content-type", "application/json");
    const absolute = url.startsWith("http") ? url : `${this.origin}/api/auth${url}`;
    const response = await this.handle(
      new Request(absolute, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), redirect: "manual" }),
    );
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = cookie.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a redirect or plain text): keep the text.
    }
    return { status: response.status, body, headers: response.headers };
  }

  post(url: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request("POST", url, { body, headers });
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request("GET", url, { headers });
  }

  /** The request headers a server component would see for this browser. */
  headers(): Headers {
    return new Headers({ cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "), "x-forwarded-for": this.ip });
  }
}

export interface AuthHarness {
  auth: ReturnType<typeof createAuth>;
  database: TestDatabase;
  outbox: string;
  membershipChanges: string[];
  browser(ip?: string): TestBrowser;
  /**
   * Another app instance on the same database, with its own auth object and connection pool
   * (a second server of the same app, or the admin console with `{ audience: "staff", … }`).
   */
  app(overrides?: Partial<CreateAuthOptions>): { auth: ReturnType<typeof createAuth>; browser(ip?: string): TestBrowser };
  waitForEmail(to: string, subject?: string): ReturnType<typeof waitForEmail>;
  /** Every email sent so far, once the sending started by earlier answers has finished. */
  sentEmails(): Promise<OutboxEntry[]>;
  /** Signs up through the endpoints, follows the emailed link, and returns the signed-in browser. */
  signUp(person?: { name?: string; email?: string; password?: string }): Promise<{ browser: TestBrowser; email: string; userId: string }>;
  dispose(): Promise<void>;
}

let personCounter = 0;

export async function createAuthHarness(overrides: Partial<CreateAuthOptions> = {}): Promise<AuthHarness> {
  const database = await createTestDatabase();
  const outbox = await mkdtemp(path.join(tmpdir(), "saas-auth-outbox-"));
  const membershipChanges: string[] = [];
  const extraDatabases: TestDatabase["db"][] = [];
  const otherApps: ReturnType<typeof createAuth>[] = [];
  const build = (db = database.db, more: Partial<CreateAuthOptions> = {}) =>
    createAuth({
      db,
      audience: "customer",
      baseUrl: WEB_URL,
      secret: TEST_SECRET,
      productName: "Acme CRM",
      cookiePrefix: "saas",
      mailer: createMailer({ from: "Acme CRM <no-reply@acme.example>", transport: createOutboxTransport({ dir: outbox, log: () => {} }) }),
      trustedIpHeader: "x-forwarded-for",
      onMembershipChange: async (organizationId) => {
        membershipChanges.push(organizationId);
      },
      ...overrides,
      ...more,
    });
  const auth = build();
  const baseUrl = overrides.baseUrl ?? WEB_URL;

  const harness: AuthHarness = {
    auth,
    database,
    outbox,
    membershipChanges,
    browser: (ip) => new TestBrowser((request) => auth.handleRequest(request), new URL(baseUrl).origin, ip),
    app(more = {}) {
      const db = createDb(database.url, { max: 3, applicationName: "saas-test-second-instance" });
      extraDatabases.push(db);
      const other = build(db, more);
      otherApps.push(other);
      const origin = new URL(more.baseUrl ?? baseUrl).origin;
      return { auth: other, browser: (ip) => new TestBrowser((request) => other.handleRequest(request), origin, ip) };
    },
    waitForEmail: (to, subject) => waitForEmail(outbox, { to, subject }),
    async sentEmails() {
      await Promise.all([auth, ...otherApps].map((app) => app.settled()));
      return readOutbox(outbox);
    },
    async signUp(person = {}) {
      personCounter += 1;
      const email = person.email ?? `person-${process.pid}-${personCounter}-${Date.now().toString(36)}@example.test`;
      const browser = harness.browser();
      const signUp = await browser.post("/sign-up/email", { name: person.name ?? `Person ${personCounter}`, email, password: person.password ?? PASSWORD });
      if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status} ${JSON.stringify(signUp.body)}`);
      const mail = await harness.waitForEmail(email, "Confirm your email");
      if (!mail.actionUrl) throw new Error("verification email without a link");
      const verified = await browser.get(mail.actionUrl);
      if (verified.status !== 302 && verified.status !== 200) throw new Error(`verification failed: ${verified.status} ${JSON.stringify(verified.body)}`);
      const session = await browser.get("/get-session");
      if (!session.body?.user) throw new Error("no session after verification");
      return { browser, email, userId: session.body.user.id as string };
    },
    async dispose() {
      await Promise.all([auth, ...otherApps].map((app) => app.settled()));
      for (const db of extraDatabases) await db.close();
      await database.dispose();
      await rm(outbox, { recursive: true, force: true });
    },
  };
  return harness;
}
