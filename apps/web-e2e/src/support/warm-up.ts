import { e2eEnvironment } from "./environment.mjs";

/**
 * In development mode each page compiles on its first request, which on a small CI machine can
 * take longer than a test should wait for a click. Asking for every page once, before the tests,
 * keeps the tests' timeouts about the app rather than the compiler.
 */
const PAGES = {
  web: [
    // The auth API route carries Better Auth and every library: the slowest to compile.
    "/api/auth/get-session",
    "/sign-in", "/sign-up", "/check-email", "/verify-email", "/forgot-password", "/reset-password", "/two-factor",
    "/accept-invitation/00000000-0000-4000-8000-000000000000", "/", "/members", "/organization", "/organizations/new",
    "/settings/profile", "/settings/password", "/settings/two-factor", "/settings/sessions",
    "/billing", "/billing/return?kind=plan&session_id=cs_warm_up", "/api/trpc/billing.overview",
    "/assistant", "/assistant/00000000-0000-4000-8000-000000000000", "/api/trpc/ai.status",
    "/leads", "/leads/board", "/leads/new", "/leads/import", "/leads/00000000-0000-4000-8000-000000000000",
    "/api/trpc/leads.list", "/api/leads/export", "/api/leads/imports/00000000-0000-4000-8000-000000000000/errors",
  ],
  admin: ["/api/auth/get-session", "/sign-in", "/two-factor", "/enrol-two-factor", "/"],
};

export default async function warmUp() {
  const { webUrl, adminUrl } = e2eEnvironment();
  for (const [base, paths] of [[webUrl, PAGES.web], [adminUrl, PAGES.admin]] as const) {
    for (const path of paths) {
      // Redirects are not followed: the target is warmed on its own.
      await fetch(`${base}${path}`, { redirect: "manual", signal: AbortSignal.timeout(180_000) }).then((response) => response.arrayBuffer());
    }
  }
}
