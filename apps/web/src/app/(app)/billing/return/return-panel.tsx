import type { ReactNode } from "react";

const ICONS = {
  success: (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" className="size-6">
      <path d="M5 12.5l4.5 4.5L19 7.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  ),
  error: (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" className="size-6">
      <path d="M12 8v5m0 3.5v.01M12 3l9.5 17h-19L12 3Z" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  ),
};

const TONES = {
  success: "bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  error: "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300",
  waiting: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
};

interface ReturnPanelProps {
  tone: keyof typeof TONES;
  /** Replaces the tone's icon (the waiting state's spinner). */
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}

/** The return page's one panel: an icon, a heading and what to do next. */
export function ReturnPanel({ tone, icon, title, children, actions }: ReturnPanelProps) {
  return (
    <div className="mx-auto max-w-lg rounded-xl border border-zinc-200 bg-white p-6 text-center shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">
      <span className={`mx-auto flex size-12 items-center justify-center rounded-full [&>svg]:size-6 ${TONES[tone]}`}>{icon ?? (tone === "waiting" ? null : ICONS[tone])}</span>
      <h1 className="mt-4 text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{title}</h1>
      {children ? <div className="mt-2 space-y-2 text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
      {actions ? <div className="mt-6 flex flex-wrap justify-center gap-2">{actions}</div> : null}
    </div>
  );
}
