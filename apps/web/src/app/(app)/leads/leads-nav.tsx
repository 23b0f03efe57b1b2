import Link from "next/link";

const TABS = [
  { href: "/leads", label: "List" },
  { href: "/leads/board", label: "Board" },
] as const;

/** List and board are two views of the same leads. */
export function LeadsNav({ current }: { current: "/leads" | "/leads/board" }) {
  return (
    <nav aria-label="Leads views" className="mb-4 inline-flex rounded-lg border border-zinc-200 bg-white p-0.5 dark:border-zinc-800 dark:bg-zinc-900">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 text-sm font-medium ${
            tab.href === current ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
          }`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

/** Wider than the app's reading column: tables and the board need the room on large screens. */
export function WideSection({ children }: { children: React.ReactNode }) {
  return <div className="relative left-1/2 w-screen max-w-7xl -translate-x-1/2 px-4 sm:px-6">{children}</div>;
}
