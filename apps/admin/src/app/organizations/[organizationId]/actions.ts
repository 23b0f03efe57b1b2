"use server";

import type { ActionState } from "../../../components/action-form";
import { formText, runStaffAction } from "../../../components/run-staff-action";
import { api } from "../../../server/api";

export async function adjustCreditsAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const organizationId = formText(form, "organizationId");
  const amount = Number(formText(form, "amount"));
  return runStaffAction(
    `/organizations/${organizationId}`,
    () => api.staff.organizations.adjustCredits({ organizationId, amount, reason: formText(form, "reason"), idempotencyKey: formText(form, "idempotencyKey") }),
    (result) => ({ ok: true, message: `Credits adjusted by ${amount > 0 ? "+" : ""}${amount}: the balance is ${(result as { balance: number }).balance}.` }),
  );
}
