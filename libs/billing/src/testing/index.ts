// Test helpers for billing: Stripe-shaped objects, events signed with the real SDK, and a local
// HTTP server that answers the Stripe API. Used by the billing and worker tests and the benchmark.
export * from "./stripe-objects";
export * from "./local-stripe-server";
export * from "./test-config";
export * from "./fixtures";
