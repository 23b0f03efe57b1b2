"use client";

import { Alert, Button } from "@saas/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * Stripe sends the customer here (`?checkout=canceled`) when they leave Checkout without paying.
 * Dismissing it also drops the parameter, so a reload does not bring it back.
 */
export function CheckoutCanceledNotice() {
  const router = useRouter();
  const [dismissed, setDismissed] = useState(false);
  if (dismissed) return null;
  return (
    <Alert tone="info" className="mb-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="font-semibold">Checkout canceled — nothing was charged.</p>
        <Button
          variant="ghost"
          className="-my-1"
          onClick={() => {
            setDismissed(true);
            router.replace("/billing", { scroll: false });
          }}
        >
          Dismiss
        </Button>
      </div>
    </Alert>
  );
}
