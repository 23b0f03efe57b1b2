/**
 * The HTTP security headers of the web app and the staff console, in one place: a
 * Content-Security-Policy with a per-request nonce for Next.js's scripts, no framing (the 2FA
 * settings page must not be clickjacked), no MIME sniffing, a restrained referrer, no powerful
 * browser features, and HSTS in production. The console is stricter: no referrer at all, and its
 * pages are never cached.
 */
export interface SecurityHeaderOptions {
  production: boolean;
  /** The staff console. */
  strict: boolean;
  /** A page's nonce (see `createNonce`); API answers get a policy that allows nothing. */
  nonce?: string;
}

/** A fresh nonce for one response's scripts. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export function contentSecurityPolicy({ production, nonce }: Pick<SecurityHeaderOptions, "production" | "nonce">): string {
  if (!nonce) return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  return [
    "default-src 'self'",
    // Next.js's scripts carry the nonce; what they load is trusted through them ('strict-dynamic').
    // Development needs eval (React's debugging) and the hot-reload socket.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${production ? "" : " ws: wss:"}`,
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    ...(production ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy(options),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": options.strict ? "no-referrer" : "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    "cross-origin-opener-policy": "same-origin",
    ...(options.production ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
    ...(options.strict && options.nonce ? { "cache-control": "no-store" } : {}),
  };
}

/**
 * For an app's proxy: the headers to answer `request` with, and the request's headers to pass on
 * — carrying the page's policy, from which Next.js takes the nonce for its scripts. API routes
 * (`/api/…`) get a policy that allows nothing.
 */
export function securityHeadersForRequest(
  request: Request,
  options: Omit<SecurityHeaderOptions, "nonce">,
): { requestHeaders: Headers; responseHeaders: Record<string, string> } {
  const api = new URL(request.url).pathname.startsWith("/api/");
  const responseHeaders = securityHeaders({ ...options, nonce: api ? undefined : createNonce() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", responseHeaders["content-security-policy"] ?? "");
  return { requestHeaders, responseHeaders };
}
