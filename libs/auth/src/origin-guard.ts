import type { BetterAuthPlugin } from "better-auth";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses every state-changing request that a browser sent from another origin, signed in or
 * not. Better Auth itself checks the Origin only when a cookie comes along; this closes the rest
 * (e.g. a sign-up or password-reset request fired from another site).
 */
export const originGuard = (trustedOrigins: readonly string[]) =>
  ({
    id: "saas-origin-guard",
    onRequest: async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      const origin = request.headers.get("origin");
      const crossSite = request.headers.get("sec-fetch-site") === "cross-site";
      // No Origin and no fetch metadata: not a browser (curl, a server), so no cross-site forgery.
      if (origin === null && !crossSite) return;
      if (origin !== null && trustedOrigins.includes(origin)) return;
      return {
        response: Response.json(
          { code: "INVALID_ORIGIN", message: "This request came from a site that is not allowed to call this service." },
          { status: 403 },
        ),
      };
    },
  }) satisfies BetterAuthPlugin;
