import { securityHeadersForRequest } from "@saas/config";
import { NextResponse, type NextRequest } from "next/server";

/** Every response of the staff console gets the strict security headers (libs/config), pages a fresh CSP nonce. */
export function proxy(request: NextRequest) {
  const { requestHeaders, responseHeaders } = securityHeadersForRequest(request, { production: process.env.NODE_ENV === "production", strict: true });
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  return response;
}

// Everything but Next's own static files.
export const config = { matcher: ["/((?!_next/static|_next/image).*)"] };
