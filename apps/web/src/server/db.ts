import "server-only";
import { getDb } from "@saas/db";
import { logger } from "./logger";

export const getAppDb = () =>
  getDb({
    applicationName: "saas-web",
    onCreate: ({ pooler, replica }) =>
      logger.info({ pooler: pooler.mode, replica: replica !== null }, `database pooler: ${pooler.mode} (${pooler.why}); read replica: ${replica ? "yes" : "no"}`),
    onReplicaFallback: (reason, err) => logger[reason === "failed" ? "warn" : "debug"]({ err, reason }, "a replica read went to the primary"),
  });
