"use client";

import { buttonClassName, Spinner } from "@saas/ui";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "../../../../trpc/client";
import { problemOfApiError } from "../../../../trpc/problem";
import { formatCredits } from "../format-money";
import { ReturnPanel } from "./return-panel";

export type CheckoutKind = "plan" | "credits";

const POLL_MS = 1_500;
/** After this long without the webhook, the page says why and keeps checking, less often. */
const PATIENCE_MS = 60_000;
const SLOW_POLL_MS = 5_000;

/** A 4xx answer (a session id the API refuses, no access) will not change by asking again. */
const isRefusal = (error: unknown) => {
  const status = (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
};

/**
 * Polls `billing.checkoutStatus` until Stripe's webhook has confirmed the payment, then says what
 * the organization got. The live region announces each change; the plan is never named before
 * it is confirmed, so nobody who has just paid reads "Free".
 */
export function CheckoutReturn({ kind, sessionId }: { kind: CheckoutKind; sessionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [waitedLong, setWaitedLong] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setWaitedLong(true), PATIENCE_MS);
    return () => window.clearTimeout(timer);
  }, []);

  const status = useQuery({
    ...trpc.billing.checkoutStatus.queryOptions({ kind, sessionId }),
    staleTime: 0,
    retry: false,
    refetchInterval: (query) => (query.state.data?.confirmed || isRefusal(query.state.error) ? false : waitedLong ? SLOW_POLL_MS : POLL_MS),
  });
  const confirmed = status.data?.confirmed === true;

  // The plan, credits and the overdue banner read elsewhere in this tab are out of date now.
  useEffect(() => {
    if (confirmed) void queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
  }, [confirmed, queryClient, trpc]);

  const backToBilling = (variant: "primary" | "secondary") => (
    <Link href="/billing" className={buttonClassName(variant)}>
      Back to Billing
    </Link>
  );

  return (
    <div role="status" aria-live="polite">
      {status.data?.confirmed ? (
        kind === "plan" ? (
          // A plan the catalog does not know has no name worth repeating ("Unknown plan").
          <ReturnPanel tone="success" title={status.data.plan.id ? `You're on the ${status.data.plan.name} plan` : "Your subscription is active"} actions={backToBilling("primary")}>
            <p>Thank you: the payment went through and everyone in the organization has the new plan now.</p>
            <p>Stripe emails you a receipt.</p>
          </ReturnPanel>
        ) : (
          <ReturnPanel tone="success" title="Credits added" actions={backToBilling("primary")}>
            <p>
              Your balance is now <strong className="text-zinc-900 dark:text-zinc-100">{formatCredits(status.data.credits.balance)} credits</strong>.
            </p>
            <p>Stripe emails you a receipt.</p>
          </ReturnPanel>
        )
      ) : status.isError && isRefusal(status.error) ? (
        <ReturnPanel tone="error" title="This payment could not be confirmed" actions={backToBilling("primary")}>
          <p>{problemOfApiError(status.error).message}</p>
          <SessionReference sessionId={sessionId} />
        </ReturnPanel>
      ) : waitedLong ? (
        <ReturnPanel tone="waiting" icon={<Spinner />} title="Your payment is taking longer to confirm" actions={backToBilling("secondary")}>
          <p>
            A payment Stripe has received can take a minute to reach us. This page keeps checking: wait here, or come back to Billing later and
            refresh. Stripe emails you a receipt once the payment has gone through.
          </p>
          <SessionReference sessionId={sessionId} />
        </ReturnPanel>
      ) : (
        <ReturnPanel tone="waiting" icon={<Spinner />} title="Confirming your payment…">
          <p>Stripe is letting us know about your payment. This usually takes a few seconds.</p>
          {status.isError ? <p>The server did not answer just now; trying again.</p> : null}
        </ReturnPanel>
      )}
    </div>
  );
}

/** The checkout's id, for support: it finds the payment in Stripe. */
function SessionReference({ sessionId }: { sessionId: string }) {
  return (
    <p>
      If it does not show within an hour, contact support with this reference:{" "}
      <code className="break-all rounded bg-zinc-100 px-1 py-0.5 text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">{sessionId}</code>
    </p>
  );
}
