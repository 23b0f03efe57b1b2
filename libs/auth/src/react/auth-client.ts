"use client";

import { createAppAuthClient, describeAuthError, type AuthClientError } from "../client";

/** The app's auth client: web and admin both serve Better Auth at their own `/api/auth`. */
export const authClient = createAppAuthClient();

/** The `{ message, fieldErrors }` a form shows for a failed client call. */
export function problemOf(error: unknown) {
  return describeAuthError(error as AuthClientError);
}
