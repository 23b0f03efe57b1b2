"use client";

import { buttonClassName } from "@saas/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { useTRPC } from "../trpc/client";
import { formatDate } from "./format";

// Warning while writes still work, stronger once they are paused; readable in light and dark.
const TONES = {
  grace: "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/70 dark:text-amber-100",
  paused: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/70 dark:text-red-100",
};

/**
 * The banner every page of an organization shows while a payment is overdue. Owners and admins
 * are told until when writes keep working and where to fix it; members only once changes are
 * paused (before that there is nothing they can do about it).
 */
export function PaymentNotice({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  // The banner outlives a switch of organization (it sits in the layout) and its query names no
  // organization: drop the previous one's answer rather than show it over the new one's pages.
  const shownFor = useRef(organizationId);
  useEffect(() => {
    if (shownFor.current === organizationId) return;
    shownFor.current = organizationId;
    void queryClient.resetQueries({ queryKey: trpc.billing.paymentNotice.queryKey() });
  }, [organizationId, queryClient, trpc]);
  // Errors are not shown here: the page itself says what failed; the banner is an extra.
  const { data: notice } = useQuery(trpc.billing.paymentNotice.queryOptions());
  if (!notice || (!notice.canManage && notice.writable)) return null;

  const since = formatDate(notice.since);
  return (
    <section aria-label="Payment overdue" className={`mb-6 flex flex-col gap-3 rounded-lg border px-4 py-3 text-sm sm:flex-row sm:items-center sm:justify-between ${TONES[notice.writable ? "grace" : "paused"]}`}>
      <div className="space-y-1">
        {notice.canManage ? (
          <>
            <p className="font-semibold">Payment overdue since {since}.</p>
            <p>
              {notice.writable
                ? `Update your payment method by ${formatDate(notice.graceEndsAt)} to keep making changes.`
                : "Changes are paused until the overdue payment is made. Reading and export still work."}
            </p>
          </>
        ) : (
          <>
            <p className="font-semibold">Changes are paused until the overdue payment is made.</p>
            <p>Reading and export still work. Ask an owner or admin to update the payment method.</p>
          </>
        )}
      </div>
      {notice.canManage ? (
        <Link
          // On the Billing page itself, to its plan card (where the portal button is).
          href={pathname === "/billing" ? "#current-plan" : "/billing"}
          className={buttonClassName("primary", "shrink-0 self-start sm:self-auto")}
        >
          Fix payment
        </Link>
      ) : null}
    </section>
  );
}
