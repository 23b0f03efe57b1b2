import { adminClient, organizationClient, twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";
import { ac, roles } from "./permissions";

/**
 * The browser side of auth, for client components. It calls this app's own `/api/auth` (same
 * origin), so it needs no configuration.
 */
export function createAppAuthClient() {
  return createAuthClient({
    basePath: "/api/auth",
    plugins: [organizationClient({ ac, roles }), twoFactorClient(), adminClient()],
  });
}

export type AppAuthClient = ReturnType<typeof createAppAuthClient>;

export { describeAuthError, type AuthClientError } from "./describe-auth-error";
