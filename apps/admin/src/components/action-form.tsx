"use client";

import { Alert, Button, toast } from "@saas/ui";
import { useActionState, type ReactNode } from "react";
/** What a staff action's form shows after it ran: nothing yet, done, or why not. */
export interface ActionState {
  ok: boolean | null;
  message: string;
  /** A link the outcome offers, opened in a new tab (an impersonation's one-time link). */
  link?: { href: string; label: string };
}

interface ActionFormProps {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  /** What the action acts on (a user's id, a session's id…). */
  hidden: Record<string, string>;
  label: string;
  variant?: "primary" | "secondary" | "danger";
  children?: ReactNode;
  /** The form's accessible name, when several share a page. */
  name: string;
}

/** A staff action's form: its fields, a button that says it is working, and the outcome. */
export function ActionForm(props: ActionFormProps) {
  // Keyed by its name: when one action's form takes another's place (Ban → Unban), it starts afresh
  // instead of showing the other's outcome.
  return <ActionFormBody key={props.name} {...props} />;
}

function ActionFormBody({ action, hidden, label, variant = "secondary", children, name }: ActionFormProps) {
  // Success is announced by a toast as soon as the action answers: the page re-renders with the
  // new state, and this form may be gone from it (a banned user's Ban form, a replayed event's).
  const [state, formAction, pending] = useActionState(async (previous: ActionState, form: FormData) => {
    const next = await action(previous, form);
    if (next.ok) toast.success(next.message);
    return next;
  }, { ok: null, message: "" });
  return (
    <form action={formAction} aria-label={name} className="space-y-3">
      {Object.entries(hidden).map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      {children}
      <Button type="submit" variant={variant} pending={pending}>
        {label}
      </Button>
      {state.ok === false ? <Alert tone="error">{state.message}</Alert> : null}
      {state.ok && state.link ? (
        <Alert tone="success">
          <a href={state.link.href} target="_blank" rel="noopener noreferrer" className="font-medium underline underline-offset-2">
            {state.link.label}
          </a>{" "}
          (works once, within a few minutes)
        </Alert>
      ) : null}
    </form>
  );
}
