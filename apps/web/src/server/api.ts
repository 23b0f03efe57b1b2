import "server-only";
import { createCaller, createContext, type ApiContext } from "@saas/api";
import { toHttpError } from "@saas/errors";
import { headers } from "next/headers";
import { after } from "next/server";
import { cache } from "react";
import { getAiConfig } from "./ai";
import { getAuth } from "./auth";
import { getBilling } from "./billing";
import { getAppDb } from "./db";
import { readWebEnv } from "./env";
import { logger } from "./logger";

/** The API context of an HTTP request (a route handler): the same one server components get. */
export const contextForRequest = (request: Request): ApiContext =>
  createContext({
    auth: getAuth(),
    db: getAppDb(),
    headers: request.headers,
    requestId: request.headers.get("x-request-id") ?? undefined,
    log: logger,
    billing: getBilling(),
    appUrl: readWebEnv().WEB_URL,
    ai: getAiConfig(),
    // Work started by a request (an import's run) continues after the response is sent.
    runInBackground: (task) => after(task),
  });

/** The API context of a server component's request. */
const getApiContext = cache(async () =>
  createContext({
    auth: getAuth(),
    db: getAppDb(),
    headers: new Headers(await headers()),
    log: logger,
    billing: getBilling(),
    appUrl: readWebEnv().WEB_URL,
    ai: getAiConfig(),
  }),
);

/** Procedures called directly from server components (no HTTP round trip), checked exactly as over HTTP. */
export const api = createCaller(getApiContext);

/** A route handler's error answer: the refusal's status and message, or a generic 500 (logged). */
export function errorResponse(error: unknown, context: ApiContext): Response {
  const { status, body, expected } = toHttpError(error, context.requestId);
  if (!expected) context.log.error({ err: error, requestId: context.requestId }, "route handler failed");
  return Response.json(body, { status, headers: { "x-request-id": context.requestId } });
}
