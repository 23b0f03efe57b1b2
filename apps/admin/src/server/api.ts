import "server-only";
import { createCaller, createContext } from "@saas/api";
import { toHttpError } from "@saas/errors";
import { headers } from "next/headers";
import pino from "pino";
import { cache } from "react";
import { getAuth } from "./auth";
import { getBilling } from "./billing";
import { getAppDb } from "./db";

const logger = pino({ base: { service: "admin" } });

/** The request's API context (staff checks, the database, billing) for the request's headers. */
export const contextFor = (requestHeaders: Headers) => createContext({ auth: getAuth(), db: getAppDb(), headers: requestHeaders, log: logger, billing: getBilling() });

/** The console's procedures (the staff tier), called from server components as over HTTP. */
export const api = createCaller(cache(async () => contextFor(new Headers(await headers()))));

/** A route handler's error as JSON with its status (which field, why), logged when unexpected. */
export function errorResponse(error: unknown, requestId: string): Response {
  const { status, body, expected } = toHttpError(error, requestId);
  if (!expected) logger.error({ err: error, requestId }, "route handler failed");
  return Response.json(body, { status, headers: { "x-request-id": requestId } });
}
