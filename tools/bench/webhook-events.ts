import { randomBytes } from "node:crypto";
import type { Stripe } from "@saas/billing";
import { checkoutSessionObject, stripeEvent, subscriptionObject, TEST_PRICES } from "@saas/billing/testing";

/**
 * The benchmark's traffic: distinct Stripe events for a set of organizations, in a realistic mix,
 * plus what each must leave behind so the run can be checked afterwards.
 * - 40% subscription lifecycle: each subscription is created, then updated several times (seats
 *   going up); sent shuffled, so the stale-event guard is exercised under load;
 * - 45% credit-pack checkouts: one order and one credit grant each;
 * - 15% types we do not handle (recorded as ignored);
 * plus duplicates: half sent right behind their original (concurrent), half at any time.
 */

export interface BenchOrganization {
  id: string;
  customer: string;
}

export interface BenchPlan {
  events: Stripe.Event[];
  /** Indexes into `events`: every event once, plus the duplicates, shuffled. */
  sends: number[];
  expected: {
    distinct: number;
    handled: number;
    ignored: number;
    checkouts: number;
    /** Per subscription: the seats and `created` of its newest event. */
    subscriptions: Map<string, { quantity: number; created: number }>;
  };
}

const UPDATES_PER_SUBSCRIPTION = 4;
export const CREDITS_PER_PACK = 1_000;

/** A shuffled copy (Fisher–Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const held = result[i] as T;
    result[i] = result[j] as T;
    result[j] = held;
  }
  return result;
}

/** The organizations take turns. */
function nth<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error("no organizations to plan events for");
  return item;
}

export function planBenchEvents(
  organizations: BenchOrganization[],
  options: { distinct: number; duplicateShare: number; runId: string },
): BenchPlan {
  const events: Stripe.Event[] = [];
  const subscriptions = new Map<string, { quantity: number; created: number }>();
  const baseCreated = 1_900_000_000;
  const id = (prefix: string) => `${prefix}_bench_${options.runId}_${randomBytes(6).toString("hex")}`;
  const subscriptionEvents = Math.round(options.distinct * 0.4);
  const checkouts = Math.round(options.distinct * 0.45);
  const ignored = options.distinct - subscriptionEvents - checkouts;

  for (let s = 0; events.length < subscriptionEvents; s++) {
    const organization = nth(organizations, s);
    const subscriptionId = id("sub");
    const itemId = id("si");
    const steps = Math.min(1 + UPDATES_PER_SUBSCRIPTION, subscriptionEvents - events.length);
    for (let step = 0; step < steps; step++) {
      const created = baseCreated + step;
      const subscription = subscriptionObject({
        id: subscriptionId,
        customer: organization.customer,
        status: step === 0 ? "incomplete" : "active",
        metadata: { organizationId: organization.id },
        items: [{ id: itemId, price: TEST_PRICES.proMonthly, quantity: step + 1 }],
      });
      const type = step === 0 ? "customer.subscription.created" : "customer.subscription.updated";
      events.push(stripeEvent(type, subscription, { id: id("evt"), created }));
      subscriptions.set(subscriptionId, { quantity: step + 1, created });
    }
  }
  for (let c = 0; c < checkouts; c++) {
    const organization = nth(organizations, c);
    const session = checkoutSessionObject({
      id: id("cs"),
      mode: "payment",
      customer: organization.customer,
      clientReferenceId: organization.id,
      paymentIntent: id("pi"),
      metadata: { organizationId: organization.id, productId: "credit-pack", quantity: "1" },
      amountTotal: 1_000,
    });
    events.push(stripeEvent("checkout.session.completed", session, { id: id("evt"), created: baseCreated }));
  }
  for (let u = 0; u < ignored; u++) {
    const organization = nth(organizations, u);
    const intent = { id: id("pi"), object: "payment_intent", customer: organization.customer, amount: 1_000, status: "succeeded" };
    events.push(stripeEvent("payment_intent.succeeded", intent, { id: id("evt"), created: baseCreated }));
  }

  // Half the duplicates go out right behind their original, so both are in flight at once (as
  // Stripe's concurrent redeliveries are); the other half come back at any time.
  const duplicates = Math.round(events.length * options.duplicateShare);
  const together = Math.floor(duplicates / 2);
  const units = events.map((_, index) => [index]);
  for (const index of shuffled(events.map((_, i) => i)).slice(0, together)) units[index]?.push(index);
  for (let d = together; d < duplicates; d++) units.push([Math.floor(Math.random() * events.length)]);
  const sends = shuffled(units).flat();
  return {
    events,
    sends,
    expected: { distinct: events.length, handled: subscriptionEvents + checkouts, ignored, checkouts, subscriptions },
  };
}
