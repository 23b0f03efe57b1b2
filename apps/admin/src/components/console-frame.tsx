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
