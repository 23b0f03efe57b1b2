import "server-only";
import { getDb } from "@saas/db";

export const getAppDb = () => getDb({ applicationName: "saas-web" });
