// POST /api/leads/imports — upload a CSV file to import (raw body, up to 50 MB); answers its
// header, first rows and a guessed column mapping. The import runs once the person starts it.
import { asOrganizationMember } from "@saas/api";
import { MAX_IMPORT_BYTES, uploadLeadImport } from "@saas/leads";
import { AppError } from "@saas/errors";
import { contextForRequest, errorResponse } from "../../../../server/api";

export async function POST(request: Request) {
  const context = contextForRequest(request);
  try {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_IMPORT_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "The file is larger than 50 MB. Split it into smaller files.", { reason: "FILE_TOO_LARGE" });
    if (!request.body) throw new AppError("BAD_REQUEST", "The file is empty.", { reason: "EMPTY_FILE", fieldErrors: { file: "The file is empty." } });
    const fileName = decodeURIComponent(request.headers.get("x-file-name") ?? "leads.csv");
    const body = request.body;
    const uploaded = await asOrganizationMember(context, { write: true, permission: { lead: ["import"] } }, ({ tx, organization, user }) =>
      uploadLeadImport(tx, { organizationId: organization.id, userId: user.id }, { fileName, body: body as unknown as AsyncIterable<Uint8Array> }),
    );
    return Response.json(uploaded, { status: 201, headers: { "x-request-id": context.requestId } });
  } catch (error) {
    return errorResponse(error, context);
  }
}
