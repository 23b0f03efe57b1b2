import {
  accountTable,
  invitationTable,
  memberTable,
  organizationTable,
  rateLimitTable,
  sessionTable,
  twoFactorTable,
  userTable,
  verificationTable,
  type Database,
} from "@saas/db";
import { MemberRole, UserRole, type SessionAudience } from "@saas/db/schema";
import type { Mailer } from "@saas/email";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createEmailVerificationToken, getIP } from "better-auth/api";
import { admin, organization, twoFactor } from "better-auth/plugins";
import { eq } from "drizzle-orm";
import { authEmails } from "./auth-emails";
import { createBackgroundTasks } from "./background-tasks";
import { emailChangeGuard, recordEmailChange } from "./email-change";
import { memberLimitHooks, type MemberAllowanceOf } from "./member-allowance";
import { assertInvitationRecipient } from "./invitation-recipient";
import { keepAnOwnerGuard } from "./keep-an-owner";
import { createMembershipNotifier, membershipHooks, membershipLeaveEvents, userDeletionHooks, type MembershipChangeListener } from "./membership-events";
import { assertMayCancelInvitation, reinviteGuard } from "./invitation-cancel";
import { impersonationHandoff } from "./impersonation";
import { originGuard } from "./origin-guard";
import { verificationSignIn } from "./verification-sign-in";
import { ac, roles } from "./permissions";
import {
  ADDRESS_ANSWER_FLOOR_MS,
  EMAIL_VERIFICATION_EXPIRES_IN_SECONDS,
  IMPERSONATION_SESSION_SECONDS,
  INVITATION_EXPIRES_IN_SECONDS,
  PASSWORD_RESET_EXPIRES_IN_SECONDS,
  RATE_LIMIT_DEFAULT,
  RATE_LIMIT_RULES,
  SESSION_COOKIE_CACHE_SECONDS,
  SESSION_EXPIRES_IN_SECONDS,
  SESSION_UPDATE_AGE_SECONDS,
} from "./policy";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./schemas";
import { keepSessionsToAudience } from "./session-audience";
import { staffEnrolmentGuard } from "./staff-enrolment";
import { staffGuard, staffPathAllowList } from "./staff-access";
import { validateInput } from "./validate-input";

export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
}

export interface CreateAuthOptions {
  db: Database;
  /**
   * `customer`: the web app (sign-up, OAuth, organizations). `staff`: the admin console — no
   * sign-up, no OAuth, sessions only for platform admins, and `/admin/*` endpoints only for staff
   * with two-factor authentication on, never through impersonation; every endpoint outside
   * `STAFF_AUTH_PATHS` answers 404 there. A session is usable only by the audience that issued it.
   */
  audience: SessionAudience;
  /** This app's public URL, e.g. `https://app.example.com`. Auth is served under `/api/auth`. */
  baseUrl: string;
  /** The customer web app's URL, for links in emails (invitations, password reset). Defaults to `baseUrl`. */
  webUrl?: string;
  /** Other exact origins allowed to call the auth endpoints (this app's own origin always is). */
  extraTrustedOrigins?: string[];
  /** At least 32 characters; signs cookies and tokens and encrypts 2FA secrets. */
  secret: string;
  /** Shown in emails and as the authenticator app's issuer. */
  productName: string;
  /** Cookie name prefix; web and admin use different ones so their sessions never mix on one host. */
  cookiePrefix: string;
  mailer: Mailer;
  /** OAuth providers, switched on only when given. */
  oauth?: { github?: OAuthCredentials; google?: OAuthCredentials };
  /**
   * The client IP for rate limits and the sessions list comes only from this header, set by a
   * proxy you trust (e.g. `x-forwarded-for`, `cf-connecting-ip`). Unset: no header is believed.
   */
  trustedIpHeader?: string;
  /** Proxy addresses (CIDR) stripped from the right of a multi-hop `x-forwarded-for`. */
  trustedProxies?: string[];
  /**
   * Default true: auth emails go out after the answer, and answers that take an address leave no
   * sooner than ADDRESS_ANSWER_FLOOR_MS. False only in `npm run bench:reset`, to measure in the
   * same run what these defences hide (how long an answer says whether an address has an account).
   */
  timingDefences?: boolean;
  /** What each organization's plan allows in members (from billing); unset: no limit. */
  memberAllowance?: MemberAllowanceOf;
  /** Called after the member count of an organization changed (seat sync for billing). */
  onMembershipChange?: MembershipChangeListener;
}

/** The admin plugin's endpoints that change nothing: the only ones the console serves (to staff with 2FA). */
const ADMIN_READS = new Set(["/admin/list-users", "/admin/get-user", "/admin/list-user-sessions", "/admin/has-permission"]);

export function createAuth(options: CreateAuthOptions) {
  const { db, audience, mailer, productName } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const webUrl = (options.webUrl ?? baseUrl).replace(/\/+$/, "");
  const trustedOrigins = [new URL(baseUrl).origin, ...(options.extraTrustedOrigins ?? []).map((origin) => new URL(origin).origin)];
  const staff = audience === "staff";
  const timingDefences = options.timingDefences ?? true;
  const memberLimits = memberLimitHooks(db, options.memberAllowance);

  const emails = authEmails(mailer, productName, {
    acceptInvitation: (id) => `${webUrl}/accept-invitation/${id}`,
    forgotPassword: `${webUrl}/forgot-password`,
    signIn: `${webUrl}/sign-in`,
    securitySettings: staff ? `${baseUrl}/` : `${baseUrl}/settings/two-factor`,
    undoEmailChange: async (change) => `${webUrl}/undo-email-change?token=${await recordEmailChange(db, options.secret, change)}`,
  });
  // Hooks run only after `auth` below exists, so they may log through its logger.
  const logError = (message: string, error: unknown) => void auth.$context.then((context) => context.logger.error(message, error));
  const backgroundTasks = createBackgroundTasks();
  const notify = createMembershipNotifier(options.onMembershipChange, logError);
  const deletion = userDeletionHooks(db, notify);
  // An empty list: no request header is believed unless the deployment names its proxy's.
  const ipAddress = {
    ipAddressHeaders: options.trustedIpHeader ? [options.trustedIpHeader.toLowerCase()] : [],
    trustedProxies: options.trustedProxies ?? [],
  };
  // The client's address exactly as rate limits see it: the right-most entry of the trusted header
  // that is not one of the trusted proxies (its first entry is whatever the client sent).
  const clientIp = (headers: Headers): string | null => (options.trustedIpHeader ? getIP(headers, { advanced: { ipAddress } }) : null);
  const impersonation = impersonationHandoff(db, clientIp);
  const adminPlugin = admin({
    defaultRole: UserRole.user,
    adminRoles: [UserRole.admin],
    impersonationSessionDuration: IMPERSONATION_SESSION_SECONDS,
  });

  const auth = betterAuth({
    appName: productName,
    baseURL: baseUrl,
    basePath: "/api/auth",
    secret: options.secret,
    trustedOrigins,
    telemetry: { enabled: false },
    database: drizzleAdapter(db, {
      provider: "pg",
      // Keys are Better Auth's model names; values are our tables (see libs/db).
      schema: {
        user: userTable,
        session: sessionTable,
        account: accountTable,
        verification: verificationTable,
        twoFactor: twoFactorTable,
        organization: organizationTable,
        member: memberTable,
        invitation: invitationTable,
        rateLimit: rateLimitTable,
      },
    }),
    advanced: {
      database: { generateId: "uuid" },
      cookiePrefix: options.cookiePrefix,
      // Better Auth skips its origin and callback-URL checks when NODE_ENV is "test"; they stay
      // on whatever the environment says.
      disableOriginCheck: false,
      // Emails go out after the answer, so how long it takes says nothing about the address.
      ...(timingDefences ? { backgroundTasks: { handler: backgroundTasks.handler } } : {}),
      ipAddress,
    },
    emailAndPassword: {
      enabled: true,
      disableSignUp: staff,
      requireEmailVerification: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      resetPasswordTokenExpiresIn: PASSWORD_RESET_EXPIRES_IN_SECONDS,
      revokeSessionsOnPasswordReset: true,
      // The console resets staff passwords only: for anyone else it answers the same and sends
      // nothing (their link would lead to a console they cannot use; theirs is the customer app's).
      sendResetPassword: async ({ user, url }) => {
        if (staff && (user as { role?: string }).role !== UserRole.admin) return;
        await emails.sendResetPassword({ user, url });
      },
      // The answer to signing up with a taken address is the new-account answer (see
      // handleRequest); the address's owner is told by email instead.
      onExistingUserSignUp: ({ user }) => emails.sendAccountExists(user),
    },
    emailVerification: {
      sendOnSignUp: true,
      // An unverified person who signs in with the right password gets a fresh link.
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      expiresIn: EMAIL_VERIFICATION_EXPIRES_IN_SECONDS,
      sendVerificationEmail: ({ user, url }) => emails.sendVerificationEmail({ user, url }),
      afterEmailVerification: (user, request) => emails.notifyEmailChanged(user, request),
    },
    user: {
      // With the password (emailChangeGuard), the current address confirms first, then the new
      // address gets a verification link; the change happens when it is followed, and the old
      // address is told, with a link that undoes it (see auth-emails.ts and email-change.ts).
      changeEmail: {
        enabled: true,
        sendChangeEmailConfirmation: ({ user, newEmail, url }) => emails.sendChangeEmailConfirmation({ user, newEmail, url }),
      },
    },
    socialProviders: staff
      ? {}
      : {
          ...(options.oauth?.github ? { github: options.oauth.github } : {}),
          ...(options.oauth?.google ? { google: options.oauth.google } : {}),
        },
    session: {
      expiresIn: SESSION_EXPIRES_IN_SECONDS,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
      // The admin console reads every session from the database, so bans apply at once there.
      cookieCache: { enabled: !staff, maxAge: SESSION_COOKIE_CACHE_SECONDS },
      // Which app issued the session; only that app accepts it (keepSessionsToAudience below).
      additionalFields: {
        audience: { type: "string", required: true, input: false, defaultValue: audience },
      },
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: RATE_LIMIT_DEFAULT.window,
      max: RATE_LIMIT_DEFAULT.max,
      customRules: { ...RATE_LIMIT_RULES, "/get-session": false },
    },
    // The customer app serves none of the admin plugin's endpoints: staff act from the console,
    // where two-factor authentication is enforced, and impersonation starts there too (see
    // impersonation.ts). The console, the other way round, serves only what it needs
    // (staffPathAllowList), and not the customer app's impersonation endpoints.
    disabledPaths: staff
      ? [
          ...Object.values(impersonation.endpoints).map((endpoint): string => endpoint.path),
          // Staff change users through the console's staff actions, which audit themselves (see
          // libs/api): Better Auth's own admin writes would change them with no audit entry.
          ...Object.values(adminPlugin.endpoints)
            .map((endpoint): string => endpoint.path)
            .filter((path) => !ADMIN_READS.has(path)),
        ]
      : Object.values(adminPlugin.endpoints).map((endpoint): string => endpoint.path),
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            if (!staff) return;
            if ((session as { impersonatedBy?: string | null }).impersonatedBy) {
              throw new APIError("FORBIDDEN", { code: "STAFF_IMPERSONATED", message: "An impersonation session cannot use the staff console." });
            }
            const [user] = await db.select({ role: userTable.role }).from(userTable).where(eq(userTable.id, session.userId));
            if (user?.role !== UserRole.admin) {
              throw new APIError("FORBIDDEN", { code: "STAFF_ONLY", message: "This console is for staff only." });
            }
          },
        },
      },
      user: {
        update: {
          after: async (user, ctx) => {
            // The session still holds the user as they were before this update.
            const before = ctx?.context.session?.user as { id: string; twoFactorEnabled?: boolean | null } | undefined;
            if (user.twoFactorEnabled === true && before?.id === user.id && before.twoFactorEnabled === false) {
              await emails.sendTwoFactorEnabled(user);
            }
          },
        },
        delete: { before: deletion.before, after: deletion.after },
      },
    },
    plugins: [
      organization({
        ac,
        roles,
        creatorRole: MemberRole.owner,
        invitationExpiresIn: INVITATION_EXPIRES_IN_SECONDS,
        requireEmailVerificationOnInvitation: true,
        cancelPendingInvitationsOnReInvite: true,
        sendInvitationEmail: ({ id, email, role, organization, inviter, invitation }) =>
          emails.sendInvitation({ id, email, role, organizationName: organization.name, inviter: inviter.user, expiresAt: invitation.expiresAt }),
        organizationHooks: {
          ...membershipHooks(notify),
          ...memberLimits,
          // The invitee's address and its verification, read fresh (not from the cookie cache),
          // then the plan's seat limit.
          beforeAcceptInvitation: async (data) => {
            await assertInvitationRecipient(db, { invitation: data.invitation, userId: data.user.id });
            await memberLimits.beforeAcceptInvitation(data);
          },
          beforeRejectInvitation: async ({ invitation, user }) => assertInvitationRecipient(db, { invitation, userId: user.id }),
          // Admins may cancel invitations, but not one that would make someone an owner.
          beforeCancelInvitation: ({ invitation, cancelledBy }) => assertMayCancelInvitation(db, { invitation, userId: cancelledBy.id }),
        },
      }),
      twoFactor({
        issuer: productName,
        backupCodeOptions: { storeBackupCodes: "encrypted", amount: 10, length: 10 },
      }),
      adminPlugin,
      impersonation,
      validateInput(),
      emailChangeGuard(db),
      staffEnrolmentGuard(db, audience),
      originGuard(trustedOrigins),
      // Re-inviting an address cancels its pending invitation: the same rule as cancelling.
      reinviteGuard(db),
      membershipLeaveEvents(notify),
      ...(staff ? [staffPathAllowList(), staffGuard()] : []),
      // After the staff guard: only a caller who passed it learns which organizations block a removal.
      keepAnOwnerGuard(db),
    ],
  });
  keepSessionsToAudience(auth, audience);
  const verificationLinks = verificationSignIn({
    db,
    secret: options.secret,
    cookiePrefix: options.cookiePrefix,
    secure: options.baseUrl.startsWith("https:"),
    maxAgeSeconds: EMAIL_VERIFICATION_EXPIRES_IN_SECONDS,
  });
  return Object.assign(auth, {
    /**
     * The signed-in session for a request's headers, or null. In the web app the session may come
     * from the signed cookie cache (at most SESSION_COOKIE_CACHE_SECONDS old); pass
     * `{ fresh: true }` where a decision must see a ban or revocation at once.
     */
    getSession: async (headers: Headers, { fresh = false }: { fresh?: boolean } = {}) => {
      const session = await auth.api.getSession({ headers, query: { disableCookieCache: fresh } });
      // An impersonation is always read from the database: one ended elsewhere (revoked from the
      // console, past its time) ends here at once, not after the cookie cache's minute.
      if (!fresh && session?.session.impersonatedBy) return auth.api.getSession({ headers, query: { disableCookieCache: true } });
      return session;
    },
    /** The HTTP handler with a standard Retry-After header on 429 answers. */
    handleRequest: async (incoming: Request) => {
      const started = performance.now();
      // The console trusts no device: a "trust this device" cookie, whichever app signed it (the
      // secret is shared), never lets a console sign-in skip the code.
      const request = staff ? withoutCookies(incoming, (name) => name.endsWith(".trust_device")) : incoming;
      const path = new URL(request.url).pathname;
      // Read before Better Auth consumes the body: who is signing up in this browser.
      const signUpEmail = path.endsWith("/sign-up/email") ? await emailOfBody(request.clone()) : null;
      let response = withRetryAfter(await auth.handler(request));
      if (signUpEmail) response = verificationLinks.afterSignUp(request, response, signUpEmail);
      if (signUpEmail && response.ok) response = await withSignUpAnswer(response);
      if (path.endsWith("/verify-email")) response = await verificationLinks.afterVerification(request, response);
      if (timingDefences && ANSWER_FLOOR_PATHS.some((floored) => path.endsWith(floored))) await waitUntil(started + ADDRESS_ANSWER_FLOOR_MS);
      return withoutSessionTokens(request, response);
    },
    /** Resolves once the emails (and other work) started after earlier answers are done. */
    settled: backgroundTasks.settled,
    trustedOrigins,
    /** The client's address from the trusted proxy header, as rate limits see it (for audit entries); null without one. */
    clientIp,
    /** The customer web app's URL (the console opens impersonations there). */
    webUrl,
    /**
     * Sends a person a fresh link that verifies their address in the customer app, as signing in
     * unverified would (the console resends it for support). Opened in a browser that did not sign
     * up, it verifies without signing in (see verification-sign-in.ts).
     */
    sendVerificationLink: async (user: { id: string; email: string; name: string }) => {
      const token = await createEmailVerificationToken(options.secret, user.email, undefined, EMAIL_VERIFICATION_EXPIRES_IN_SECONDS, { userId: user.id });
      await emails.sendVerificationEmail({ user, url: `${webUrl}/api/auth/verify-email?token=${token}&callbackURL=${encodeURIComponent("/")}` });
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
export type AuthSession = NonNullable<Awaited<ReturnType<Auth["getSession"]>>>;

/** Better Auth names its rate-limit hint X-Retry-After; clients and proxies know Retry-After. */
async function emailOfBody(request: Request): Promise<string | null> {
  const body = (await request.json().catch(() => null)) as { email?: unknown } | null;
  return typeof body?.email === "string" ? body.email.trim().toLowerCase() : null;
}

/**
 * Every successful sign-up gets this answer. Better Auth's answer for a taken address carries a
 * made-up user whose fields differ from a real new one (`role` null instead of "user", …), which
 * tells an attacker the address has an account. The form needs nothing from the body: the next
 * step is the emailed link either way.
 */
export const SIGN_UP_ANSWER = JSON.stringify({ token: null, user: null, status: "check-your-email" });

async function withSignUpAnswer(response: Response): Promise<Response> {
  await response.body?.cancel();
  const headers = new Headers(response.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Response(SIGN_UP_ANSWER, { status: 200, headers });
}

/** The request without the cookies `drop` names. */
function withoutCookies(request: Request, drop: (name: string) => boolean): Request {
  const cookie = request.headers.get("cookie");
  if (!cookie) return request;
  const kept = cookie
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "" && !drop(pair.slice(0, pair.indexOf("=") < 0 ? pair.length : pair.indexOf("=")).trim()));
  const headers = new Headers(request.headers);
  if (kept.length > 0) headers.set("cookie", kept.join("; "));
  else headers.delete("cookie");
  return new Request(request, { headers });
}

/**
 * Endpoints that take an address and answer the same whether it has an account. The same words
 * are not enough: for a known address Better Auth also writes a token (a commit) and starts an
 * email, a few milliseconds a stopwatch can tell apart over a few hundred requests (see
 * `npm run bench:reset`). These answers leave no sooner than ADDRESS_ANSWER_FLOOR_MS after the
 * request arrived, far above the work either way, so their timing carries nothing.
 */
const ANSWER_FLOOR_PATHS = ["/request-password-reset", "/send-verification-email"];

function waitUntil(deadline: number): Promise<void> {
  const remaining = deadline - performance.now();
  return remaining > 0 ? new Promise((resolve) => setTimeout(resolve, remaining)) : Promise.resolve();
}

/** Endpoints whose JSON carries session tokens (the session's own, or every session's). */
const SESSION_LISTING_PATHS = ["/get-session", "/list-sessions"];

/**
 * A session token is the session: anyone holding it is signed in as its owner. Better Auth puts
 * it in the JSON of get-session and list-sessions; the browser needs none of it (the cookie is
 * HttpOnly precisely so scripts cannot read it), so it is removed from what the browser receives.
 * Server code calling `auth.api.*` directly still gets it (the sessions page revokes by token).
 */
async function withoutSessionTokens(request: Request, response: Response): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (!SESSION_LISTING_PATHS.some((listing) => path.endsWith(listing)) || !response.headers.get("content-type")?.includes("application/json")) {
    return response;
  }
  const body: unknown = await response.json();
  const strip = (session: unknown) => {
    if (session && typeof session === "object" && "token" in session) delete (session as { token?: unknown }).token;
  };
  if (Array.isArray(body)) body.forEach(strip);
  else if (body && typeof body === "object" && "session" in body) strip((body as { session: unknown }).session);
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
}

function withRetryAfter(response: Response): Response {
  const retryAfter = response.headers.get("x-retry-after");
  if (response.status !== 429 || !retryAfter || response.headers.has("retry-after")) return response;
  const headers = new Headers(response.headers);
  headers.set("retry-after", retryAfter);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
