import { SignOutButton } from "@saas/auth/react";
import { AppFrame, PageTitle } from "@saas/ui";
import Link from "next/link";
import type { ReactNode } from "react";
import { PRODUCT_NAME, requireStaff } from "../server/auth";
import { ConsoleNav } from "./console-nav";

interface ConsoleFrameProps {
  /** This page's path, where sign-in sends a person back. */
  path: string;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

/**
 * Every console page: the staff check (sign-in, 2FA enrolment or 403 otherwise; the procedures
 * check again on their own), the header with the console's navigation, and the page's title.
 */
export async function ConsoleFrame({ path, title, description, actions, children }: ConsoleFrameProps) {
  const staff = await requireStaff(path);
  return (
    <AppFrame
      product={PRODUCT_NAME}
      navigation={<ConsoleNav />}
      headerStart={
        <form role="search" aria-label="Search the console" method="get" action="/search">
          <label htmlFor="console-search" className="sr-only">
            Search users, organizations and billing events
          </label>
          <input
            id="console-search"
            name="q"
            type="search"
            placeholder="Email, organization, evt_…"
            maxLength={200}
            className="w-44 rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-zinc-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-zinc-900 sm:w-64 dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-500 dark:focus-visible:outline-zinc-100"
          />
        </form>
      }
      headerEnd={
        <>
          <Link href="/account" className="hidden text-sm text-zinc-600 underline-offset-2 hover:underline sm:inline dark:text-zinc-400">
            {staff.user.email}
          </Link>
          <SignOutButton />
        </>
      }
    >
      <PageTitle title={title} description={description} actions={actions} />
      {children}
    </AppFrame>
  );
}
