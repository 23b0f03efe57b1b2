import "server-only";
import pino from "pino";

/** The web app's log: JSON lines on stdout, each request's lines carrying its request id. */
export const logger = pino({ base: { service: "web" } });
