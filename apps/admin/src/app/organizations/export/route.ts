// GET /organizations/export?<the organizations page's filters> — those organizations as CSV, streamed.
import { exportOrganizationsCsv } from "@saas/staff";
import { csvDownload } from "../../../components/csv-download";
import { organizationSearchOf, paramsOf } from "../../../components/search-params";

export function GET(request: Request) {
  return csvDownload(request, "organizations", (db) => exportOrganizationsCsv(db, organizationSearchOf(paramsOf(request.url))));
}
