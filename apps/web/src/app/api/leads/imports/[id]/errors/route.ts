// GET /api/leads/imports/:id/errors — every invalid row of an import (line, column, problem) as CSV.
import { openOrganizationStream } from "@saas/api";
import { leadImportErrorsCsv } from "@saas/leads";
import { AppError } from "@saas/errors";
import { contextForRequest, errorResponse } from "../../../../../../server/api";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const context = contextForRequest(request);
  const { id } = await params;
  try {
    if (!UUID.test(id)) throw new AppError("NOT_FOUND", "Import not found.");
    const body = await openOrganizationStream(context, { permission: { lead: ["import"] } }, ({ tx, organization }) =>
      leadImportErrorsCsv(tx, { organizationId: organization.id, id }),
    );
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="import-errors-${id.slice(0, 8)}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error, context);
  }
}
