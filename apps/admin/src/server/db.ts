import "server-only";
import { getDb } from "@saas/db";

export const getAppDb = () =>
  getDb({
    applicationName: "saas-admin",
    // One line at the first request: whether prepared statements are off behind a pooler, and why.
    onCreate: ({ pooler }) => console.info(`database pooler: ${pooler.mode} (${pooler.why})`),
  });
