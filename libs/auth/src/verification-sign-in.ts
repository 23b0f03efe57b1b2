import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionTable, type Database } from "@saas/db";
import { inArray } from "drizzle-orm";

/**
 * Signing in by following the emailed verification link, in the browser that signed up only.
 *
 * Better Auth signs in whoever opens a valid verification link. An attacker's unused link, opened
 * in a victim's browser, would then switch the victim to the attacker's account, and whatever the
 * victim typed next would land there (login CSRF). So sign-up leaves a signed cookie in the
 * browser that signed up, and the link's answer keeps the new session only where that cookie
 * names the verified address and no one is signed in yet. Elsewhere the session is removed and
 * the person lands on "Email confirmed — sign in" instead.
 */
export function verificationSignIn({ db, secret, cookiePrefix, secure, maxAgeSeconds }: { db: Database; secret: string; cookiePrefix: string; secure: boolean; maxAgeSeconds: number }) {
  const markerName = `${cookiePrefix}.signed_up`;
  const sessionCookie = new RegExp(`^(__Secure-)?${cookiePrefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.session_`);
  const markFor = (email: string) => createHmac("sha256", secret).update(`signed-up:${email.toLowerCase()}`).digest("base64url");
  const cookiesOf = (request: Request) =>
    new Map(
      (request.headers.get("cookie") ?? "")
        .split(";")
        .map((pair) => pair.trim().split("="))
        .filter((parts): parts is [string, string] => parts.length >= 2)
        .map(([name, ...value]) => [name, decodeURIComponent(value.join("="))]),
    );

  return {
    /** After a successful sign-up: remember, in this browser, who signed up here. */
    afterSignUp(request: Request, response: Response, email: string): Response {
      if (!response.ok) return response;
      const headers = new Headers(response.headers);
      headers.append(
        "set-cookie",
        `${markerName}=${markFor(email)}; Path=/api/auth/verify-email; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`,
      );
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    },

    /** After a verification link was followed: keep its session only in the browser that signed up. */
    async afterVerification(request: Request, response: Response): Promise<Response> {
      const created = response.headers.getSetCookie().filter((cookie) => sessionCookie.test(cookie) && !/Max-Age=0/i.test(cookie));
      if (created.length === 0) return response;
      const { email, updateTo } = claimsOfToken(new URL(request.url).searchParams.get("token"));
      // A change of address refreshes the signed-in person's own cookie; no session is created.
      if (updateTo) return response;
      const cookies = cookiesOf(request);
      const mark = cookies.get(markerName);
      const alreadySignedIn = [...cookies.keys()].some((name) => sessionCookie.test(`${name}=`) && name.endsWith("session_token"));
      const signedUpHere = Boolean(email && mark && safeEqual(mark, markFor(email)));
      if (signedUpHere && !alreadySignedIn) return response;

      // Not the browser that signed up, or someone is signed in here: no new session.
      const tokens = created.flatMap((cookie) => {
        const match = /session_token=([^;]+)/.exec(cookie);
        return match?.[1] ? [decodeURIComponent(match[1]).split(".")[0] ?? ""] : [];
      });
      if (tokens.length) await db.delete(sessionTable).where(inArray(sessionTable.token, tokens));
      const headers = new Headers();
      for (const [name, value] of response.headers) if (name !== "set-cookie") headers.append(name, value);
      for (const cookie of response.headers.getSetCookie()) if (!created.includes(cookie)) headers.append("set-cookie", cookie);
      const location = response.headers.get("location");
      if (location && !location.startsWith("/verify-email")) {
        const target = new URL(location, request.url);
        headers.set("location", `/verify-email?next=${encodeURIComponent(`${target.pathname}${target.search}`)}`);
      }
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    },
  };
}

/** The address a verification token is for, and the new one for a change of address (Better Auth's tokens are JWTs it has just verified). */
function claimsOfToken(token: string | null): { email: string | null; updateTo: string | null } {
  const payload = token?.split(".")[1];
  if (!payload) return { email: null, updateTo: null };
  try {
    const { email, updateTo } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { email?: unknown; updateTo?: unknown };
    return { email: typeof email === "string" ? email : null, updateTo: typeof updateTo === "string" ? updateTo : null };
  } catch {
    return { email: null, updateTo: null };
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
