// JavaScript rather than TypeScript so Nx can read it without a TS loader to infer the targets.
/** @type {import("next").NextConfig} */
const config = {
  // Workspace libraries are TypeScript source; Next compiles them with the app.
  transpilePackages: ["@saas/api", "@saas/auth", "@saas/billing", "@saas/config", "@saas/db", "@saas/email", "@saas/errors", "@saas/leads", "@saas/ui"],
  // Overridable so the dev smoke test can run beside a developer's own `npm run dev`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // A self-contained server (server.js and the node_modules it needs) for containers: see the Dockerfiles.
  output: "standalone",
  // The monorepo root, so the standalone server includes the workspace libraries it imports.
  outputFileTracingRoot: new URL("../..", import.meta.url).pathname,
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden(): a real 403 page for signed-in people who are not staff.
  experimental: { authInterrupts: true },
};

export default config;
