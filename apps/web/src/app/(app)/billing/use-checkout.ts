"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../../../trpc/client";
import { problemOfApiError } from "../../../trpc/problem";
import { useStripeRedirect } from "./use-stripe-redirect";

/** Starts a Stripe Checkout (Pro, or credit packs) and sends the browser there. */
export function useCheckout() {
  const trpc = useTRPC();
  const redirect = useStripeRedirect();
  const checkout = useMutation(trpc.billing.startCheckout.mutationOptions({ onSuccess: ({ url }) => redirect.go(url) }));
  return {
    start: checkout.mutate,
    pending: checkout.isPending || redirect.leaving,
    problem: checkout.isError ? problemOfApiError(checkout.error) : null,
    reset: checkout.reset,
  };
}

export type CheckoutProblem = NonNullable<ReturnType<typeof useCheckout>["problem"]>;
