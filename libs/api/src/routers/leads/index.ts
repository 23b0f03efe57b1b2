import { router } from "../../trpc";
import { boardColumnProcedure } from "./board-column";
import { boardSummaryProcedure } from "./board-summary";
import { bulkAssignProcedure } from "./bulk-assign";
import { bulkDeleteProcedure } from "./bulk-delete";
import { bulkSetStatusProcedure } from "./bulk-set-status";
import { countLeadsProcedure } from "./count-leads";
import { createLeadProcedure } from "./create-lead";
import { deleteLeadProcedure } from "./delete-lead";
import { getLeadProcedure } from "./get-lead";
import { importsRouter } from "./imports";
import { listAssigneesProcedure } from "./list-assignees";
import { listLeadsProcedure } from "./list-leads";
import { moveLeadProcedure } from "./move-lead";
import { updateLeadProcedure } from "./update-lead";

export const leadsRouter = router({
  list: listLeadsProcedure,
  counts: countLeadsProcedure,
  get: getLeadProcedure,
  create: createLeadProcedure,
  update: updateLeadProcedure,
  delete: deleteLeadProcedure,
  bulkSetStatus: bulkSetStatusProcedure,
  bulkAssign: bulkAssignProcedure,
  bulkDelete: bulkDeleteProcedure,
  boardColumn: boardColumnProcedure,
  boardSummary: boardSummaryProcedure,
  move: moveLeadProcedure,
  assignees: listAssigneesProcedure,
  imports: importsRouter,
});
