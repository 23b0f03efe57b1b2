import "server-only";
import { getDb } from "@saas/db";
import { logger } from "./logger";

export const getAppDb = () =>
  getDb({
    applicationName: "saas-web",
    onCreate: ({ pooler }) => logger.info({ pooler: pooler.mode }, `database pooler: ${pooler.mode} (${pooler.why})`),
  });
