"use server";

import type { ActionState } from "../../../components/action-form";
import { formText, runStaffAction } from "../../../components/run-staff-action";
import { api } from "../../../server/api";

/** Replays the event and says how it went (applied, unmatched again, failed again and why). */
export async function replayAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const eventId = formText(form, "eventId");
  return runStaffAction(
    `/billing-events/${eventId}`,
    () => api.staff.billingEvents.replay({ eventId, reason: formText(form, "reason") }),
    (result) => {
      const outcome = result as { status: string; error?: string };
      if (outcome.status === "processed") return { ok: true, message: "Replayed: the event is applied." };
      if (outcome.status === "unmatched") return { ok: true, message: "Replayed, but it still matches no organization." };
      return { ok: false, message: `The replay failed again (${outcome.status}): ${outcome.error ?? "no detail"}. The attempt is recorded on the event.` };
    },
  );
}

/** Links the event's Stripe customer to an organization; the retry job then applies its events. */
export async function attachAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const eventId = formText(form, "eventId");
  return runStaffAction(
    `/billing-events/${eventId}`,
    () => api.staff.billingEvents.attach({ eventId, organizationSlug: formText(form, "organizationSlug"), reason: formText(form, "reason") }),
    (result) => {
      const { requeued } = result as { requeued: number };
      return { ok: true, message: `Attached. ${requeued} event${requeued === 1 ? "" : "s"} of this customer will be applied by the retry job within a minute.` };
    },
  );
}
