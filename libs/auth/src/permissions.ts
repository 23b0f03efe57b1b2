import { MemberRole } from "@saas/db/enums";
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
  /** `read`: the billing page (plan, usage, invoices); `manage`: checkout, the customer portal, credit packs. */
  billing: ["read", "manage"],
  /**
   * The leads CRM. `update` covers editing and moving a lead and assigning it to oneself;
   * `assign` is assigning anyone else (or taking a lead away from them); `import` is CSV import.
   */
  lead: ["read", "create", "update", "delete", "assign", "import"],
  /** The AI assistant: chatting (its tools then check the lead permissions above themselves). */
  ai: ["use"],
} as const;

export const ac = createAccessControl(statement);

const ALL_LEAD_ACTIONS = [...statement.lead];

export const roles = {
  [MemberRole.owner]: ac.newRole({ ...ownerAc.statements, billing: ["read", "manage"], lead: ALL_LEAD_ACTIONS, ai: ["use"] }),
  [MemberRole.admin]: ac.newRole({ ...adminAc.statements, billing: ["read", "manage"], lead: ALL_LEAD_ACTIONS, ai: ["use"] }),
  [MemberRole.member]: ac.newRole({ ...memberAc.statements, billing: ["read"], lead: ["read", "create", "update"], ai: ["use"] }),
};

export type Permissions = { [K in keyof typeof statement]?: (typeof statement)[K][number][] };

const isMemberRole = (role: string): role is MemberRole => Object.hasOwn(roles, role);

/** A role read as a string (Better Auth types roles as strings); the database allows no other value. */
export function toMemberRole(value: string): MemberRole {
  if (!isMemberRole(value)) throw new TypeError(`Unknown organization role ${JSON.stringify(value)}`);
  return value;
}

/**
 * Whether `role` holds every permission asked for: the server's check (procedures declare the
 * permission they need) and the UI's (which buttons to show). A string that is not a role can
 * nothing, so a value read from elsewhere can be passed as it is.
 */
export function roleCan(role: MemberRole | (string & {}), permissions: Permissions): boolean {
  if (!isMemberRole(role)) return false;
  return roles[role].authorize(permissions).success;
}

/** Shorthands for the questions the apps ask most. */
export const canManageMembers = (role: MemberRole) => roleCan(role, { invitation: ["create"], member: ["update", "delete"] });
export const canManageBilling = (role: MemberRole) => roleCan(role, { billing: ["manage"] });
export const canDeleteOrganization = (role: MemberRole) => roleCan(role, { organization: ["delete"] });
export const canUpdateOrganization = (role: MemberRole) => roleCan(role, { organization: ["update"] });

/**
 * Better Auth's rules around owners, on top of the statement: only an owner may make someone an
 * owner, change or remove an owner, or cancel an invitation to become one.
 */
export const assignableRoles = (role: MemberRole): MemberRole[] =>
  !canManageMembers(role) ? [] : role === MemberRole.owner ? [MemberRole.owner, MemberRole.admin, MemberRole.member] : [MemberRole.admin, MemberRole.member];
export const canManageMemberOfRole = (role: MemberRole, targetRole: MemberRole) =>
  canManageMembers(role) && (targetRole !== MemberRole.owner || role === MemberRole.owner);
