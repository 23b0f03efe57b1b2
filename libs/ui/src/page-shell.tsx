import type { ReactNode } from "react";

interface AppFrameProps {
  /** The product area, shown in the header ("Acme CRM", "Staff console"). */
  product: string;
  /** Beside the product name, e.g. the organization switcher. */
  headerStart?: ReactNode;
  /** At the right of the header, e.g. the account menu. */
  headerEnd?: ReactNode;
  /** Links under the header. */
  navigation?: ReactNode;
  /** A strip above the header on every page (e.g. "You are viewing as …"). */
  banner?: ReactNode;
  children: ReactNode;
}

/** Header, skip link, optional navigation, and a centred, responsive main column. */
export function AppFrame({ product, headerStart, headerEnd, navigation, banner, children }: AppFrameProps) {
  return (
    <div className="min-h-dvh bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>
      {banner}
      <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
        <div className="mx-auto flex min-h-14 max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:px-6">
          <span className="text-sm font-semibold tracking-tight">{product}</span>
          {headerStart ? <div className="min-w-0">{headerStart}</div> : null}
          {headerEnd ? <div className="ml-auto flex items-center gap-2">{headerEnd}</div> : null}
        </div>
        {navigation ? <div className="mx-auto max-w-5xl overflow-x-auto px-4 sm:px-6">{navigation}</div> : null}
      </header>
      <main id="main" className="mx-auto max-w-5xl px-4 py-8 sm:px-6 sm:py-12">
        {children}
      </main>
    </div>
  );
}

interface PageTitleProps {
  title: string;
  description?: ReactNode;
  /** Buttons at the right of the title. */
  actions?: ReactNode;
}

export function PageTitle({ title, description, actions }: PageTitleProps) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{title}</h1>
        {description ? <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</div> : null}
      </div>
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </div>
  );
}

interface PageShellProps extends Omit<AppFrameProps, "children"> {
  title: string;
  children: ReactNode;
}

/** A whole page: the frame and a title. */
export function PageShell({ title, children, ...frame }: PageShellProps) {
  return (
    <AppFrame {...frame}>
      <PageTitle title={title} />
      {children}
    </AppFrame>
  );
}
