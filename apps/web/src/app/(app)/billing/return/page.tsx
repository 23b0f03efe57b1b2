import { buttonClassName } from "@saas/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { requireActiveOrganization } from "../../../../server/workspace";
import { CheckoutReturn, type CheckoutKind } from "./checkout-return";
import { ReturnPanel } from "./return-panel";

export const metadata: Metadata = { title: "Confirming your payment" };

// The shape of a Stripe Checkout session id, as the API checks it: anything else is not worth asking about.
const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Where Stripe sends the customer after paying (`?kind=plan|credits&session_id=cs_…`). The
 * payment reaches us by webhook, a moment later: the page waits for it rather than showing the
 * plan as it was before.
 */
export default async function CheckoutReturnPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireActiveOrganization();
  const params = await searchParams;
  const kind = one(params["kind"]);
  const sessionId = one(params["session_id"]);
  if ((kind !== "plan" && kind !== "credits") || !sessionId || !SESSION_ID.test(sessionId)) {
    return (
      <ReturnPanel
        tone="error"
        title="This payment link is not complete"
        actions={
          <Link href="/billing" className={buttonClassName()}>
            Back to Billing
          </Link>
        }
      >
        The address is missing the checkout it comes from, so there is nothing to confirm here. If you have just paid, your plan or credits
        show on the Billing page within a minute, and Stripe emails you a receipt.
      </ReturnPanel>
    );
  }
  return <CheckoutReturn kind={kind satisfies CheckoutKind} sessionId={sessionId} />;
}
