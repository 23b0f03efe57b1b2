import "server-only";
import { authOptionsFromEnv, createAuth, safeNextPath, type Auth } from "@saas/auth";
import { memberAllowance } from "@saas/billing";
import type { SocialProvider } from "@saas/auth/react";
import { createMailer, mailTransportFromEnv } from "@saas/email";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getBilling } from "./billing";
import { getAppDb } from "./db";
import { readWebEnv } from "./env";

export const PRODUCT_NAME = "Acme CRM";

function buildAuth(): Auth {
  const env = readWebEnv();
  const mailer = createMailer({ from: env.MAIL_FROM, transport: mailTransportFromEnv(env, { production: env.production }) });
  return createAuth({
    db: getAppDb(),
    audience: "customer",
    baseUrl: env.WEB_URL,
    productName: PRODUCT_NAME,
    cookiePrefix: "saas",
    mailer,
    // The plan's seat limit on inviting and joining (none when billing is not configured).
    memberAllowance: memberAllowance(getAppDb(), getBilling()?.catalog ?? null),
    ...authOptionsFromEnv(env, { production: env.production }),
  });
}

// On globalThis so hot reloads in development keep one instance.
const holder = globalThis as typeof globalThis & { __saasWebAuth?: Auth };

export function getAuth(): Auth {
  holder.__saasWebAuth ??= buildAuth();
  return holder.__saasWebAuth;
}

/** The OAuth providers with keys, for the sign-in and sign-up pages. */
export function socialProviders(): SocialProvider[] {
  const { oauth } = authOptionsFromEnv(readWebEnv(), { production: false });
  return (["github", "google"] as const).filter((provider) => oauth?.[provider]);
}

/**
 * The signed-in session of this request, or null; once per request (React cache). From the signed
 * cookie cache, so at most SESSION_COOKIE_CACHE_SECONDS old: pages that act on a decision
 * re-check on the server when they act (Better Auth endpoints and server actions read fresh).
 */
export const getSession = cache(async () => {
  // Headers first: it marks the page as rendered per request, so a build never reaches getAuth().
  const requestHeaders = await headers();
  return getAuth().getSession(requestHeaders);
});

/** The path of the current request (set by proxy.ts), to come back to after signing in. */
export async function currentPath(): Promise<string> {
  return safeNextPath((await headers()).get("x-return-to"));
}

export const signInPath = (next: string) => (next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`);

/** The session, or a redirect to sign-in that comes back here afterwards. */
export async function requireSession() {
  const session = await getSession();
  if (!session) redirect(signInPath(await currentPath()));
  return session;
}
