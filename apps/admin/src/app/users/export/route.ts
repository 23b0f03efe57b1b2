// GET /users/export?<the users page's filters> — those users as CSV, streamed.
import { exportUsersCsv } from "@saas/staff";
import { csvDownload } from "../../../components/csv-download";
import { paramsOf, userSearchOf } from "../../../components/search-params";

export function GET(request: Request) {
  return csvDownload(request, "users", (db) => exportUsersCsv(db, userSearchOf(paramsOf(request.url))));
}
