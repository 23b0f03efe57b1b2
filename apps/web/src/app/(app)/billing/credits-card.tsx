"use client";

import { Button, Card, TextField } from "@saas/ui";
import { useState, type FormEvent } from "react";
import { AskAManager } from "./ask-a-manager";
import type { BillingOverview, CreditPack } from "./billing-types";
import { CheckoutProblem } from "./checkout-problem";
import { formatCredits, formatMoney } from "./format-money";
import { useCheckout } from "./use-checkout";

const MAX_PACKS = 100;

/** The credit balance and, for owners and admins, buying packs through Stripe Checkout. */
export function CreditsCard({ overview }: { overview: BillingOverview }) {
  const { pricing, configured, canManage, managers, state } = overview;
  // The API sells one kind of pack (startCheckout takes a quantity, not a pack).
  const pack = pricing.creditPacks[0];
  return (
    <Card title="AI credits" description="Credits pay for the AI assistant. Bought credits do not expire and come on top of the plan's monthly credits.">
      <p>
        <span className="text-3xl font-semibold tabular-nums tracking-tight text-zinc-900 dark:text-zinc-50">{formatCredits(state.credits.balance)}</span>{" "}
        <span className="text-sm text-zinc-600 dark:text-zinc-400">credits available</span>
      </p>
      {pack ? (
        <div className="mt-5 border-t border-zinc-200 pt-5 dark:border-zinc-800">
          <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{pack.name}</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {formatMoney(pack.unitAmount, pack.currency)} a pack. {pack.description}
          </p>
          {!configured ? (
            <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">Credits can be bought once billing is configured.</p>
          ) : canManage ? (
            <BuyCreditsForm pack={pack} />
          ) : (
            <div className="mt-3">
              <AskAManager action="buy credits" managers={managers} />
            </div>
          )}
        </div>
      ) : null}
    </Card>
  );
}

function BuyCreditsForm({ pack }: { pack: CreditPack }) {
  const checkout = useCheckout();
  const [quantity, setQuantity] = useState("1");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const packs = Number(quantity);
  const valid = Number.isInteger(packs) && packs >= 1 && packs <= MAX_PACKS;
  const error = fieldError ?? checkout.problem?.fieldErrors?.["quantity"];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!valid) {
      setFieldError(`Enter a whole number of packs from 1 to ${MAX_PACKS}.`);
      return;
    }
    checkout.start({ kind: "credits", quantity: packs });
  }

  return (
    <form onSubmit={submit} noValidate className="mt-4 space-y-4">
      <div className="grid gap-3 sm:grid-cols-[10rem_auto] sm:items-start">
        <TextField
          name="quantity"
          id="credit-pack-quantity"
          label="Packs"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_PACKS}
          step={1}
          value={quantity}
          error={error}
          hint={valid ? `${formatCredits(packs * pack.credits)} credits for ${formatMoney(packs * pack.unitAmount, pack.currency)}` : undefined}
          onChange={(event) => {
            setQuantity(event.target.value);
            setFieldError(undefined);
            checkout.reset();
          }}
        />
        <Button type="submit" className="sm:mt-7 sm:justify-self-start" pending={checkout.pending} pendingLabel="Opening checkout…">
          Buy credits
        </Button>
      </div>
      {checkout.problem && !checkout.problem.fieldErrors ? <CheckoutProblem problem={checkout.problem} /> : null}
    </form>
  );
}
