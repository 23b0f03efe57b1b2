"use client";

import { Alert, Button } from "@saas/ui";
import { useActionState, type ReactNode } from "react";
import type { ActionState } from "./actions";

interface ActionFormProps {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  userId: string;
  /** Hidden values beside the user's id (a session's id). */
  hidden?: Record<string, string>;
  label: string;
  variant?: "primary" | "secondary" | "danger";
  children?: ReactNode;
  /** The form's accessible name, when several share a page. */
  name: string;
}

/** A staff action's form: its fields, a button that says it is working, and the outcome. */
export function ActionForm({ action, userId, hidden = {}, label, variant = "secondary", children, name }: ActionFormProps) {
  const [state, formAction, pending] = useActionState(action, { ok: null, message: "" });
  return (
    <form action={formAction} aria-label={name} className="space-y-3">
      <input type="hidden" name="userId" value={userId} />
      {Object.entries(hidden).map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      {children}
      <Button type="submit" variant={variant} pending={pending}>
        {label}
      </Button>
      {state.ok === false ? <Alert tone="error">{state.message}</Alert> : null}
      {state.ok === true ? <Alert tone="success">{state.message}</Alert> : null}
    </form>
  );
}
