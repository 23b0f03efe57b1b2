import type { ReactNode } from "react";

interface CardProps {
  title?: string;
  description?: ReactNode;
  children: ReactNode;
  /** Actions or notes under the content, on a separate band. */
  footer?: ReactNode;
  className?: string;
}

/** A titled panel: a settings section, a list, a form. */
export function Card({ title, description, children, footer, className = "" }: CardProps) {
  return (
    <section className={`rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${className}`}>
      <div className="p-5 sm:p-6">
        {title ? <h2 className="text-base font-semibold text-zinc-900 dark:text-zinc-50">{title}</h2> : null}
        {description ? <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</div> : null}
        <div className={title || description ? "mt-5" : ""}>{children}</div>
      </div>
      {footer ? (
        <div className="rounded-b-xl border-t border-zinc-200 bg-zinc-50 px-5 py-3 text-sm sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/60">{footer}</div>
      ) : null}
    </section>
  );
}

const badgeTones = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  strong: "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100",
  success: "bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-900",
  warning: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-900",
  danger: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900",
} as const;

export function Badge({ tone = "neutral", children }: { tone?: keyof typeof badgeTones; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badgeTones[tone]}`}>{children}</span>;
}

/** What a list shows when it has nothing in it, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center dark:border-zinc-700">
      <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      {children ? <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
    </div>
  );
}
