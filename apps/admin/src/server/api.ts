import "server-only";
import { createCaller, createContext } from "@saas/api";
import { headers } from "next/headers";
import pino from "pino";
import { cache } from "react";
import { getAuth } from "./auth";
import { getBilling } from "./billing";
import { getAppDb } from "./db";

const logger = pino({ base: { service: "admin" } });

/** The console's procedures (the staff tier), called from server components as over HTTP. */
export const api = createCaller(cache(async () => createContext({ auth: getAuth(), db: getAppDb(), headers: new Headers(await headers()), log: logger, billing: getBilling() })));
