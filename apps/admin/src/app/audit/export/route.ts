// GET /audit/export?<the audit log page's filters> — those entries as CSV, streamed.
import { exportAuditCsv } from "@saas/staff";
import { csvDownload } from "../../../components/csv-download";
import { auditSearchOf, paramsOf } from "../../../components/search-params";

export function GET(request: Request) {
  return csvDownload(request, "staff-audit-log", (db) => exportAuditCsv(db, auditSearchOf(paramsOf(request.url))));
}
