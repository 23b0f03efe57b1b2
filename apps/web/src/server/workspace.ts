import "server-only";
import { listMemberships, pickActiveMembership } from "@saas/auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { requireSession } from "./auth";
import { getAppDb } from "./db";

/**
 * The signed-in person's organizations and the active one. Memberships are read from the
 * database on every request, so a removed member loses access at once, whatever the session says.
 */
export const getWorkspace = cache(async () => {
  const session = await requireSession();
  const memberships = await listMemberships(getAppDb(), { userId: session.user.id });
  const active = pickActiveMembership(memberships, session.session.activeOrganizationId);
  return { session, memberships, active };
});

/** For pages about an organization: without one, the person creates their first. */
export async function requireActiveOrganization() {
  const workspace = await getWorkspace();
  if (!workspace.active) redirect("/organizations/new");
  return { ...workspace, active: workspace.active };
}
