import { randomUUID } from "node:crypto";
import type { AiConfig } from "@saas/ai";
import { isCrossSiteRequest, type Auth, type AuthSession } from "@saas/auth";
import { createCatalog, type BillingDeps } from "@saas/billing";
import type { Database } from "@saas/db";
import { AppError } from "@saas/errors";

/** Where a procedure's unexpected errors go (pino's shape; `console` is not enough in production). */
export interface ApiLogger {
  error(details: Record<string, unknown>, message: string): void;
}

export interface CreateContextOptions {
  auth: Auth;
  db: Database;
  /** The request's headers: the session cookie comes from here. */
  headers: Headers;
  /** The id the request's logs and error answers carry (generated when not given). */
  requestId?: string;
  log: ApiLogger;
  /**
   * Runs work after the response without holding it up (a CSV import's run). The web app passes
   * Next's `after()`, which keeps a serverless function alive for it; the default just starts it.
   */
  runInBackground?: (task: () => Promise<unknown>) => void;
  /** Billing's dependencies; null or absent when billing is not configured (nothing is then limited). */
  billing?: BillingDeps | null;
  /** This app's public URL: where Stripe Checkout and the billing portal send the customer back. */
  appUrl?: string;
  /** The AI assistant's model configuration (absent: not configured). */
  ai?: AiConfig;
}

/**
 * The context of one API request, from plain inputs (no framework import): a page, a route
 * handler, the worker and the tests all build it the same way. The session is read once per
 * request and per freshness: from Better Auth's signed cookie cache for reads (at most
 * SESSION_COOKIE_CACHE_SECONDS old), from the database when `fresh` (before a write).
 */
const AI_NOT_CONFIGURED: AiConfig = { configured: false, reason: "No AI model is configured: set AI_PROVIDER, AI_MODEL and the provider's key." };

export function createContext({ auth, db, headers, requestId = randomUUID(), log, runInBackground, billing = null, appUrl, ai = AI_NOT_CONFIGURED }: CreateContextOptions) {
  const sessions = new Map<boolean, Promise<AuthSession | null>>();
  const getSession = ({ fresh = false }: { fresh?: boolean } = {}) => {
    let session = sessions.get(fresh);
    if (!session) {
      session = auth.getSession(headers, { fresh });
      sessions.set(fresh, session);
    }
    return session;
  };
  /**
   * Before any write: the request must come from this app's own pages (or a trusted origin), not
   * from a form or script on another site riding the person's cookies.
   */
  const assertSameSite = () => {
    if (isCrossSiteRequest(headers, auth.trustedOrigins)) {
      throw new AppError("FORBIDDEN", "This request came from a site that is not allowed to call this service.", { reason: "INVALID_ORIGIN" });
    }
  };
  const background = (task: () => Promise<unknown>) => {
    const guarded = () => task().catch((error: unknown) => log.error({ err: error, requestId }, "background task failed"));
    if (runInBackground) runInBackground(guarded);
    else void guarded();
  };
  // Without billing, the catalog still describes the plans (the pricing table shows them).
  const catalog = billing?.catalog ?? createCatalog(null);
  return { auth, db, headers, requestId, log, getSession, assertSameSite, background, billing, catalog, appUrl, ai };
}

export type ApiContext = ReturnType<typeof createContext>;
