export { PageShell } from "./page-shell";
export { StatCard } from "./stat-card";
