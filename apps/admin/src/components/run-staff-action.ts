import "server-only";
import { revalidatePath } from "next/cache";
import type { ActionState } from "./action-form";
import { errorMessageOf } from "./format";

/**
 * Runs a staff procedure for a form's server action (the procedure checks the staff member again
 * and audits itself) and re-renders `path` with the new state; a refusal becomes the form's message.
 */
export async function runStaffAction(path: string, action: () => Promise<unknown>, done: string | ((result: unknown) => ActionState)): Promise<ActionState> {
  let result: unknown;
  try {
    result = await action();
  } catch (error) {
    return { ok: false, message: errorMessageOf(error) };
  }
  revalidatePath(path);
  return typeof done === "string" ? { ok: true, message: done } : done(result);
}

/** A form field's text ("" when absent). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
