"use client";

import { useEffect, useRef } from "react";

/** The classes of a link in an app's top navigation (underlined when it is the current page). */
export function tabLinkClassName(current: boolean): string {
  return `whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium ${
    current
      ? "border-zinc-900 text-zinc-900 dark:border-zinc-100 dark:text-zinc-100"
      : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:border-zinc-700 dark:hover:text-zinc-100"
  }`;
}

/**
 * For a navigation whose links scroll sideways on a narrow screen: brings the current link
 * (`aria-current="page"`) into view whenever `pathname` changes — sideways only, so the page
 * itself does not move. Put the returned ref on the `<nav>`.
 */
export function useCurrentLinkInView(pathname: string) {
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    const current = nav.current?.querySelector('[aria-current="page"]');
    const scroller = nav.current?.parentElement;
    if (!current || !scroller) return;
    const link = current.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    if (link.right > box.right) scroller.scrollLeft += link.right - box.right + 16;
    else if (link.left < box.left) scroller.scrollLeft -= box.left - link.left + 16;
  }, [pathname]);
  return nav;
}
