// JavaScript rather than TypeScript so Nx can read it without a TS loader to infer the targets.
/** @type {import("next").NextConfig} */
const config = {
  // Workspace libraries are TypeScript source; Next compiles them with the app.
  transpilePackages: ["@saas/db", "@saas/ui"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
