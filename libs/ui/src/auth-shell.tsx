import type { ReactNode } from "react";

interface AuthShellProps {
  /** The product, above the card ("Acme CRM", "Staff console"). */
  product: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Links under the card ("No account? Sign up"). */
  footer?: ReactNode;
}

/** The narrow, centred layout of the sign-in, sign-up and other account pages. */
export function AuthShell({ product, title, description, children, footer }: AuthShellProps) {
  return (
    <div className="flex min-h-dvh flex-col bg-zinc-50 px-4 py-10 text-zinc-900 sm:py-16 dark:bg-zinc-950 dark:text-zinc-100">
      <main id="main" className="mx-auto w-full max-w-sm">
        <p className="text-center text-sm font-semibold tracking-tight text-zinc-600 dark:text-zinc-400">{product}</p>
        <div className="mt-6 rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">
          <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
          {description ? <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{description}</div> : null}
          <div className="mt-6">{children}</div>
        </div>
        {footer ? <div className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">{footer}</div> : null}
      </main>
    </div>
  );
}
