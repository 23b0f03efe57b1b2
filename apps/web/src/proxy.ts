import { NextResponse, type NextRequest } from "next/server";

/**
 * Tells server components which page was asked for (`x-return-to`), so a signed-out visitor is
 * sent to sign-in and brought back to it. Overwrites whatever the client sent in that header.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-return-to", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/|favicon.ico).*)"] };
