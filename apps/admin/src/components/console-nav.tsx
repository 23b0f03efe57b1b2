"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { tabLinkClassName, useCurrentLinkInView } from "@saas/ui";

const LINKS = [
  { href: "/", label: "Overview", matches: (path: string) => path === "/" },
  { href: "/users", label: "Users", matches: (path: string) => path.startsWith("/users") },
  { href: "/organizations", label: "Organizations", matches: (path: string) => path.startsWith("/organizations") },
  { href: "/revenue", label: "Revenue", matches: (path: string) => path.startsWith("/revenue") },
  { href: "/billing-events", label: "Billing events", matches: (path: string) => path.startsWith("/billing-events") },
  { href: "/audit", label: "Audit log", matches: (path: string) => path.startsWith("/audit") },
  { href: "/account", label: "Your account", matches: (path: string) => path.startsWith("/account") },
];

export function ConsoleNav() {
  const pathname = usePathname();
  const nav = useCurrentLinkInView(pathname);
  return (
    <nav ref={nav} aria-label="Console" className="-mb-px flex gap-1">
      {LINKS.map((link) => {
        const current = link.matches(pathname);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? "page" : undefined}
            className={tabLinkClassName(current)}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
