// GET /api/health — readiness of this app instance: 200 when the database answers, 503 when not.
import { isDatabaseReady } from "@saas/db";
import { getAppDb } from "../../../server/db";

export const dynamic = "force-dynamic";

export async function GET() {
  const ready = await isDatabaseReady(getAppDb());
  return Response.json({ status: ready ? "ok" : "unavailable" }, { status: ready ? 200 : 503 });
}
