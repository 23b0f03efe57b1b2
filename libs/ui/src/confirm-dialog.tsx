"use client";

import { useRef, type ReactNode } from "react";
import { Button } from "./button";
import type { ButtonVariant } from "./button-class";

interface ConfirmDialogProps {
  /** The button that opens the dialog. */
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  pending?: boolean;
  onConfirm: () => void | Promise<void>;
}

/**
 * A confirmation in a native modal `<dialog>`: focus moves into it and back, Escape cancels, the
 * page behind is inert. For actions that cannot be undone (deleting).
 */
export function ConfirmDialog({ trigger, triggerVariant = "danger", title, children, confirmLabel, pending, onConfirm }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button variant={triggerVariant} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="confirm-dialog-title"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id="confirm-dialog-title" className="text-base font-semibold">
          {title}
        </h2>
        {children ? <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button
            variant="danger"
            pending={pending}
            onClick={async () => {
              await onConfirm();
              dialog.current?.close();
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
