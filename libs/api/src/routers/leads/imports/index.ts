import { router } from "../../../trpc";
import { cancelImportProcedure } from "./cancel-import";
import { getImportProcedure } from "./get-import";
import { listImportsProcedure } from "./list-imports";
import { startImportProcedure } from "./start-import";

export const importsRouter = router({
  get: getImportProcedure,
  start: startImportProcedure,
  cancel: cancelImportProcedure,
  list: listImportsProcedure,
});
