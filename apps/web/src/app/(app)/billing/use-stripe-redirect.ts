"use client";

import { useEffect, useState } from "react";

/**
 * Leaving for a Stripe page (Checkout, the customer portal) after the API answered with its URL.
 * `leaving` keeps the button busy until the browser has gone, so a second click cannot start a
 * second session; it is reset when the browser's Back button restores this page from its cache,
 * where it would otherwise stay busy for good.
 */
export function useStripeRedirect() {
  const [leaving, setLeaving] = useState(false);
  useEffect(() => {
    const restored = (event: PageTransitionEvent) => {
      if (event.persisted) setLeaving(false);
    };
    window.addEventListener("pageshow", restored);
    return () => window.removeEventListener("pageshow", restored);
  }, []);
  return {
    leaving,
    go(url: string) {
      setLeaving(true);
      window.location.assign(url);
    },
  };
}
