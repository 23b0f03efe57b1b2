import { MemberRole } from "@saas/db/schema";
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc, ownerAc } from "better-auth/plugins/organization/access";

/**
 * Who may do what inside an organization: the one access-control statement the server enforces
 * (Better Auth's organization plugin checks it on every organization endpoint) and the UI reads
 * to decide which buttons to show. Safe to import in client components.
 *
 * On top of the statement, Better Auth itself refuses to let a non-owner change, demote or remove
 * an owner, to invite or promote anyone as owner, and to let the last owner leave or step down;
 * a database trigger keeps that last rule true under concurrent requests too.
 */
export const statement = {
  ...defaultStatements,
  /** Plans, checkout, the customer portal, invoices. */
  billing: ["read", "manage"],
} as const;

export const ac = createAccessControl(statement);

export const roles = {
  [MemberRole.owner]: ac.newRole({ ...ownerAc.statements, billing: ["read", "manage"] }),
  [MemberRole.admin]: ac.newRole({ ...adminAc.statements, billing: ["read", "manage"] }),
  [MemberRole.member]: ac.newRole({ ...memberAc.statements, billing: [] }),
};

export type Permissions = { [K in keyof typeof statement]?: (typeof statement)[K][number][] };

/** Whether `role` holds every permission asked for. For the UI and for services that have the role. */
export function roleCan(role: string, permissions: Permissions): boolean {
  const definition = roles[role as MemberRole];
  if (!definition) return false;
  return definition.authorize(permissions).success;
}

/** Shorthands for the questions the apps ask most. */
export const canManageMembers = (role: string) => roleCan(role, { invitation: ["create"], member: ["update", "delete"] });
export const canManageBilling = (role: string) => roleCan(role, { billing: ["manage"] });
export const canDeleteOrganization = (role: string) => roleCan(role, { organization: ["delete"] });
export const canUpdateOrganization = (role: string) => roleCan(role, { organization: ["update"] });
