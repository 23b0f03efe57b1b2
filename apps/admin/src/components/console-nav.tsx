"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview", matches: (path: string) => path === "/" },
  { href: "/users", label: "Users", matches: (path: string) => path.startsWith("/users") },
  { href: "/organizations", label: "Organizations", matches: (path: string) => path.startsWith("/organizations") },
  { href: "/billing-events", label: "Billing events", matches: (path: string) => path.startsWith("/billing-events") },
  { href: "/audit", label: "Audit log", matches: (path: string) => path.startsWith("/audit") },
  { href: "/account", label: "Your account", matches: (path: string) => path.startsWith("/account") },
];

export function ConsoleNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Console" className="-mb-px flex gap-1">
      {LINKS.map((link) => {
        const current = link.matches(pathname);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium ${
              current
                ? "border-zinc-900 text-zinc-900 dark:border-zinc-100 dark:text-zinc-100"
                : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:border-zinc-700 dark:hover:text-zinc-100"
            }`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
