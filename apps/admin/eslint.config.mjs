import nextConfig from "../../eslint.next.mjs";

export default [
  ...nextConfig,
  { settings: { next: { rootDir: import.meta.dirname } } },
];
