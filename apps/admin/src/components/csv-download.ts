import "server-only";
import { openStaffStream } from "@saas/api";
import type { Database } from "@saas/db";
import { contextFor, errorResponse } from "../server/api";

/** A console list as a CSV download (staff only: checked again here, as in every procedure). */
export async function csvDownload(request: Request, name: string, produce: (db: Database) => AsyncGenerator<string>): Promise<Response> {
  const context = contextFor(request.headers);
  try {
    const body = await openStaffStream(context, produce);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}-${day}.csv"`,
        "cache-control": "no-store",
        "x-request-id": context.requestId,
      },
    });
  } catch (error) {
    return errorResponse(error, context.requestId);
  }
}
