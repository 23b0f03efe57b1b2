import "server-only";
import { createCaller, createContext } from "@saas/api";
import { headers } from "next/headers";
import { cache } from "react";
import { getAuth } from "./auth";
import { getAppDb } from "./db";
import { logger } from "./logger";

/** The API context of a server component's request: the same one the HTTP route builds. */
const getApiContext = cache(async () =>
  createContext({ auth: getAuth(), db: getAppDb(), headers: new Headers(await headers()), log: logger }),
);

/** Procedures called directly from server components (no HTTP round trip), checked exactly as over HTTP. */
export const api = createCaller(getApiContext);
