"use client";

import { Alert, Button, type ButtonVariant } from "@saas/ui";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc/client";
import { problemOfApiError } from "../../../trpc/problem";
import { useStripeRedirect } from "./use-stripe-redirect";

/**
 * Opens Stripe's customer portal (plan and seats, payment method, cancelling, invoices) for an
 * owner or admin. A refusal (never bought anything, Stripe down) shows under the button.
 */
export function PortalButton({ variant = "secondary", children = "Manage billing" }: { variant?: ButtonVariant; children?: string }) {
  const trpc = useTRPC();
  const redirect = useStripeRedirect();
  const portal = useMutation(trpc.billing.openPortal.mutationOptions({ onSuccess: ({ url }) => redirect.go(url) }));
  return (
    <div className="flex flex-col items-start gap-2">
      <Button variant={variant} pending={portal.isPending || redirect.leaving} pendingLabel="Opening the billing portal…" onClick={() => portal.mutate({})}>
        {children}
      </Button>
      {portal.isError ? <Alert tone="error">{problemOfApiError(portal.error).message}</Alert> : null}
    </div>
  );
}
