import { describe, expect, it } from "vitest";
import {
  assignableRoles,
  canDeleteOrganization,
  canManageBilling,
  canManageMemberOfRole,
  canManageMembers,
  canUpdateOrganization,
  roleCan,
  statement,
  toMemberRole,
} from "./permissions";
import { createOrganizationSchema, fieldErrorsOf, inviteMemberSchema, slugify, updateProfileSchema } from "./schemas";

describe("the access-control statement", () => {
  it("gives each role what the product promises", () => {
    const table = (["owner", "admin", "member"] as const).map((role) => ({
      role,
      members: canManageMembers(role),
      billing: canManageBilling(role),
      update: canUpdateOrganization(role),
      delete: canDeleteOrganization(role),
    }));
    expect(table).toEqual([
      { role: "owner", members: true, billing: true, update: true, delete: true },
      { role: "admin", members: true, billing: true, update: true, delete: false },
      { role: "member", members: false, billing: false, update: false, delete: false },
    ]);
  });

  it("lets every member read, create and edit leads, and only owners and admins delete, assign others and import", () => {
    const table = (["owner", "admin", "member"] as const).map((role) => ({
      role,
      actions: statement.lead.filter((action) => roleCan(role, { lead: [action] })),
    }));
    expect(table).toEqual([
      { role: "owner", actions: ["read", "create", "update", "delete", "assign", "import"] },
      { role: "admin", actions: ["read", "create", "update", "delete", "assign", "import"] },
      { role: "member", actions: ["read", "create", "update"] },
    ]);
  });

  it("keeps owners for owners: roles each role may give, and whom it may manage", () => {
    expect((["owner", "admin", "member"] as const).map((role) => assignableRoles(role))).toEqual([
      ["owner", "admin", "member"],
      ["admin", "member"],
      [],
    ]);
    expect(canManageMemberOfRole("admin", "owner")).toBe(false);
    expect(canManageMemberOfRole("admin", "admin")).toBe(true);
    expect(canManageMemberOfRole("owner", "owner")).toBe(true);
    expect(canManageMemberOfRole("member", "member")).toBe(false);
    expect(() => toMemberRole("superuser")).toThrow(/Unknown organization role/);
  });

  it("every member may read billing (the plan, usage, invoices); only owners and admins manage it", () => {
    expect(["owner", "admin", "member"].map((role) => roleCan(role, { billing: ["read"] }))).toEqual([true, true, true]);
    expect(["owner", "admin", "member"].map((role) => roleCan(role, { billing: ["manage"] }))).toEqual([true, true, false]);
  });

  it("knows no other role", () => {
    expect(roleCan("superuser", { billing: ["read"] })).toBe(false);
    expect(roleCan("", { organization: ["update"] })).toBe(false);
  });
});

describe("form schemas", () => {
  it("turn a name into a URL name the database accepts", () => {
    expect(slugify("Acme Robotics, Inc.")).toBe("acme-robotics-inc");
    expect(slugify("  Ünïcödé — Café ")).toBe("unicode-cafe");
    expect(createOrganizationSchema.safeParse({ name: "Acme", slug: slugify("Acme Robotics") }).success).toBe(true);
  });

  it("report one message per field", () => {
    const result = inviteMemberSchema.safeParse({ email: "nope", role: "boss" });
    expect(fieldErrorsOf(result.error!)).toEqual({ email: "Enter a valid email address, like name@example.com", role: "Choose owner, admin or member" });
    const slug = createOrganizationSchema.safeParse({ name: "A", slug: "Bad Slug" });
    expect(fieldErrorsOf(slug.error!)).toEqual({
      name: "Use at least 2 characters",
      slug: "Use lower-case letters, digits and single hyphens, like acme-robotics",
    });
  });

  it("name each server-owned field someone tries to change in their profile", () => {
    const result = updateProfileSchema.safeParse({ name: "Ada", role: "admin", banned: false });
    expect(fieldErrorsOf(result.error!)).toEqual({ role: "role cannot be changed here", banned: "banned cannot be changed here" });
  });
});
