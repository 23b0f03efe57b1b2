import type { BetterAuthPlugin } from "better-auth";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a browser sent this request from another site: an Origin that is not trusted, or fetch
 * metadata saying cross-site. No Origin and no fetch metadata: not a browser (curl, a server), so
 * no cross-site forgery. Shared by Better Auth's endpoints and the API's writes.
 */
export function isCrossSiteRequest(headers: Headers, trustedOrigins: readonly string[]): boolean {
  const origin = headers.get("origin");
  const crossSite = headers.get("sec-fetch-site") === "cross-site";
  if (origin === null && !crossSite) return false;
  return !(origin !== null && trustedOrigins.includes(origin));
}

/**
 * Refuses every state-changing request that a browser sent from another origin, signed in or
 * not. Better Auth itself checks the Origin only when a cookie comes along; this closes the rest
 * (e.g. a sign-up or password-reset request fired from another site).
 */
export const originGuard = (trustedOrigins: readonly string[]) =>
  ({
    id: "saas-origin-guard",
    onRequest: async (request) => {
      if (SAFE_METHODS.has(request.method) || !isCrossSiteRequest(request.headers, trustedOrigins)) return;
      return {
        response: Response.json(
          { code: "INVALID_ORIGIN", message: "This request came from a site that is not allowed to call this service." },
          { status: 403 },
        ),
      };
    },
  }) satisfies BetterAuthPlugin;
