"use client";

import { Alert } from "@saas/ui";
import { PortalButton } from "./portal-button";
import type { CheckoutProblem as Problem } from "./use-checkout";

/**
 * Why a checkout did not start, in the API's words. An organization that already has a
 * subscription changes it in the portal instead, so the way there is offered right here.
 */
export function CheckoutProblem({ problem }: { problem: Problem }) {
  return (
    <Alert tone="error" title="Checkout did not open">
      <p>{problem.message}</p>
      {problem.reason === "BILLING_ALREADY_SUBSCRIBED" ? (
        <div className="mt-3">
          <PortalButton />
        </div>
      ) : null}
    </Alert>
  );
}
