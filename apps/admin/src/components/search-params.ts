import type { AppRouter } from "@saas/api";
import type { inferRouterInputs } from "@trpc/server";

/**
 * The console's list filters live in the page's address (a filtered list is a link to share or
 * reload); the CSV download of a list takes the same address parameters. One reading for both.
 */
export type Params = Record<string, string | undefined>;
type Inputs = inferRouterInputs<AppRouter>["staff"];

export const USER_SORTS = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
  { value: "email", label: "Email (A–Z)" },
  { value: "name", label: "Name (A–Z)" },
] as const;

const YES_NO = { yes: true, no: false } as const;
const flag = (value: string | undefined) => (value === "yes" || value === "no" ? YES_NO[value] : undefined);
const day = (value: string | undefined, end: boolean) => (value ? new Date(`${value}T${end ? "23:59:59.999" : "00:00:00"}Z`) : undefined);

export const userSearchOf = (params: Params): Inputs["users"]["list"] => ({
  q: params["q"] || undefined,
  banned: flag(params["banned"]),
  platformAdmin: flag(params["admin"]),
  twoFactor: flag(params["twoFactor"]),
  unverified: params["unverified"] === "yes" ? true : undefined,
  signedUpFrom: day(params["from"], false),
  signedUpTo: day(params["to"], true),
  sort: USER_SORTS.some((sort) => sort.value === params["sort"]) ? (params["sort"] as Inputs["users"]["list"]["sort"]) : undefined,
  cursor: params["cursor"] || undefined,
});

export const organizationSearchOf = (params: Params): Inputs["organizations"]["list"] => ({ q: params["q"] || undefined, cursor: params["cursor"] || undefined });

export const auditSearchOf = (params: Params): Inputs["audit"]["list"] => ({
  actor: params["actor"] || undefined,
  action: params["action"] || undefined,
  targetId: params["target"] || undefined,
  cursor: params["cursor"] || undefined,
});

export const BILLING_EVENT_STATUSES = ["failed", "dead", "unmatched", "pending", "processed", "ignored"] as const;
type EventStatus = (typeof BILLING_EVENT_STATUSES)[number];

export const billingEventSearchOf = (params: Params): Inputs["billingEvents"]["list"] => ({
  status: BILLING_EVENT_STATUSES.includes(params["status"] as EventStatus) ? (params["status"] as EventStatus) : undefined,
  type: params["type"] || undefined,
  stripeEventId: params["event"] || undefined,
  organizationId: params["organization"] || undefined,
  from: day(params["from"], false),
  to: day(params["to"], true),
  cursor: params["cursor"] || undefined,
});

/** A URL's query as the params above. */
export const paramsOf = (url: string): Params => Object.fromEntries(new URL(url).searchParams);
