import "server-only";
import { authOptionsFromEnv, createAuth, staffAccessOf, type Auth } from "@saas/auth";
import { createMailer, mailTransportFromEnv } from "@saas/email";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getAppDb } from "./db";
import { readAdminEnv } from "./env";

export const PRODUCT_NAME = "Staff console";

function buildAuth(): Auth {
  const env = readAdminEnv();
  const mailer = createMailer({ from: env.MAIL_FROM, transport: mailTransportFromEnv(env, { production: env.production }) });
  const { oauth: _staffUseNoOAuth, ...fromEnv } = authOptionsFromEnv(env, { production: env.production });
  return createAuth({
    db: getAppDb(),
    audience: "staff",
    baseUrl: env.ADMIN_URL,
    webUrl: env.WEB_URL,
    productName: "Acme CRM",
    cookiePrefix: "saas-admin",
    mailer,
    ...fromEnv,
    // Staff remove users (and with them memberships): seats follow here too.
  });
}

// On globalThis so hot reloads in development keep one instance.
const holder = globalThis as typeof globalThis & { __saasAdminAuth?: Auth };

export function getAuth(): Auth {
  holder.__saasAdminAuth ??= buildAuth();
  return holder.__saasAdminAuth;
}


/** The session of this request, read from the database every time (no cookie cache here). */
export const getStaffSession = cache(async () => {
  // Headers first: it marks the page as rendered per request, so a build never reaches getAuth().
  const requestHeaders = await headers();
  return getAuth().getSession(requestHeaders, { fresh: true });
});

/**
 * The check every page and server action of the console runs first: signed in, platform admin,
 * not an impersonation, two-factor authentication on. Hiding a button is not a check; this is.
 */
export async function requireStaff(returnTo = "/") {
  const session = await getStaffSession();
  const access = staffAccessOf(session);
  if (!session || access === "signed-out") redirect(returnTo === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (access === "not-staff" || access === "impersonated" || access === "banned") forbidden();
  if (access === "needs-two-factor") redirect("/enrol-two-factor");
  return session;
}
