import "server-only";
import { getDb } from "@saas/db";

export const getAppDb = () =>
  getDb({
    applicationName: "saas-admin",
    // One line at the first request: whether prepared statements are off behind a pooler, and why.
    onCreate: ({ pooler, replica }) => console.info(`database pooler: ${pooler.mode} (${pooler.why}); read replica: ${replica ? "yes" : "no"}`),
    onReplicaFallback: (reason, error) => {
      if (reason === "failed") console.warn("the read replica failed; the read went to the primary:", error);
    },
  });
