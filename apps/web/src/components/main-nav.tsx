"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

interface NavLink {
  href: string;
  label: string;
  matches: (path: string) => boolean;
  /** Needs an organization: before the first one, only what works is offered. */
  organization: boolean;
}

const LINKS: NavLink[] = [
  { href: "/", label: "Overview", matches: (path) => path === "/", organization: true },
  { href: "/leads", label: "Leads", matches: (path) => path.startsWith("/leads"), organization: true },
  { href: "/assistant", label: "Assistant", matches: (path) => path.startsWith("/assistant"), organization: true },
  { href: "/members", label: "Members", matches: (path) => path.startsWith("/members"), organization: true },
  {
    href: "/organization",
    label: "Organization",
    matches: (path) => path.startsWith("/organization") && !path.startsWith("/organizations/new"),
    organization: true,
  },
  { href: "/billing", label: "Billing", matches: (path) => path.startsWith("/billing"), organization: true },
  { href: "/organizations/new", label: "Create an organization", matches: (path) => path.startsWith("/organizations/new"), organization: false },
  { href: "/settings/profile", label: "Settings", matches: (path) => path.startsWith("/settings"), organization: false },
];

export function MainNav({ hasOrganization }: { hasOrganization: boolean }) {
  const pathname = usePathname();
  const nav = useRef<HTMLElement>(null);
  // On a narrow screen the links scroll sideways: bring the current one into view (sideways
  // only, so the page itself does not move).
  useEffect(() => {
    const current = nav.current?.querySelector('[aria-current="page"]');
    const scroller = nav.current?.parentElement;
    if (!current || !scroller) return;
    const link = current.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    if (link.right > box.right) scroller.scrollLeft += link.right - box.right + 16;
    else if (link.left < box.left) scroller.scrollLeft -= box.left - link.left + 16;
  }, [pathname]);
  const links = LINKS.filter((link) => (hasOrganization ? link.href !== "/organizations/new" : !link.organization));
  return (
    <nav ref={nav} aria-label="Main" className="-mb-px flex gap-1">
      {links.map((link) => {
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
