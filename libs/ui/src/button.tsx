"use client";

import { useSyncExternalStore, type ButtonHTMLAttributes, type Ref } from "react";
import { buttonClassName, type ButtonVariant } from "./button-class";

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  ref?: Ref<HTMLButtonElement>;
  variant?: ButtonVariant;
  /** While true the button is disabled, busy for assistive technology, and shows a spinner. */
  pending?: boolean;
  /** Replaces the label while pending, e.g. "Signing in…". */
  pendingLabel?: string;
}

const noSubscription = () => () => {};

/**
 * False in the server's HTML and during hydration, true once React runs in the browser. A click
 * before then would be lost (no handler yet) or, on a submit button, post the form natively as a
 * GET with its fields — a password among them — in the address.
 */
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export function Button({ variant = "primary", pending = false, pendingLabel, className = "", children, disabled, type = "button", ...rest }: ButtonProps) {
  const hydrated = useHydrated();
  return (
    <button type={type} className={buttonClassName(variant, className)} disabled={disabled || pending || !hydrated} aria-busy={pending || undefined} {...rest}>
      {pending ? <Spinner /> : null}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

export function Spinner() {
  return (
    <svg className="size-4 animate-spin" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
      <path d="M22 12a10 10 0 0 0-10-10" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    </svg>
  );
}
