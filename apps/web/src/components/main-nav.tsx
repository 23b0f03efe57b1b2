"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { tabLinkClassName, useCurrentLinkInView } from "@saas/ui";

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
  const nav = useCurrentLinkInView(pathname);
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
            className={tabLinkClassName(current)}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
