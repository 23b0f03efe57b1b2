// GET /api/leads/export?<list view> — the leads of a list view as CSV, streamed (constant memory).
import { openOrganizationStream } from "@saas/api";
import { exportLeadsCsv, leadViewFromParams } from "@saas/leads";
import { contextForRequest, errorResponse } from "../../../../server/api";

export async function GET(request: Request) {
  const context = contextForRequest(request);
  const { ignored: _ignored, ...view } = leadViewFromParams(new URL(request.url).searchParams);
  try {
    const body = await openOrganizationStream(context, { permission: { lead: ["read"] } }, ({ tx, organization, user }) =>
      exportLeadsCsv(tx, { organizationId: organization.id, userId: user.id }, view),
    );
    const day = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="leads-${day}.csv"`,
        "cache-control": "no-store",
        "x-request-id": context.requestId,
      },
    });
  } catch (error) {
    return errorResponse(error, context);
  }
}
