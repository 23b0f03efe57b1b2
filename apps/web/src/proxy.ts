import { securityHeadersForRequest } from "@saas/config";
import { NextResponse, type NextRequest } from "next/server";

/**
 * Every response of the app gets the security headers (libs/config), pages a fresh CSP nonce for
 * Next.js's scripts. Pages also learn which path was asked for (`x-return-to`), so a signed-out
 * visitor is sent to sign-in and brought back to it; whatever the client sent there is overwritten.
 */
export function proxy(request: NextRequest) {
  const { requestHeaders, responseHeaders } = securityHeadersForRequest(request, { production: process.env.NODE_ENV === "production", strict: false });
  requestHeaders.set("x-return-to", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  return response;
}

// Everything but Next's own static files.
export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
