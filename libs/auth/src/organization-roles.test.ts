import { invitationTable, memberTable, MemberRole, organizationTable } from "@saas/db";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthHarness, type AuthHarness, type TestBrowser } from "./testing/harness";

let h: AuthHarness;
type Person = { browser: TestBrowser; email: string; userId: string };
let people: Record<"owner" | "coOwner" | "admin" | "member" | "target", Person>;

beforeAll(async () => {
  h = await createAuthHarness();
  people = {
    owner: await h.signUp({ name: "Olga Owner" }),
    coOwner: await h.signUp({ name: "Cory Co-owner" }),
    admin: await h.signUp({ name: "Adam Admin" }),
    member: await h.signUp({ name: "Mia Member" }),
    target: await h.signUp({ name: "Tess Target" }),
  };
});
afterAll(() => h.dispose());

let orgCounter = 0;
/** A fresh organization: owner (creator), co-owner, admin, member, and a plain member to act on. */
async function freshOrganization() {
  orgCounter += 1;
  const created = await people.owner.browser.post("/organization/create", { name: `Matrix ${orgCounter}`, slug: `matrix-${orgCounter}-${process.pid}` });
  expect(created.status).toBe(200);
  const organizationId = created.body.id as string;
  const add = (person: Person, role: MemberRole) => h.auth.api.addMember({ body: { userId: person.userId, role, organizationId } });
  await add(people.coOwner, MemberRole.owner);
  await add(people.admin, MemberRole.admin);
  await add(people.member, MemberRole.member);
  await add(people.target, MemberRole.member);
  const memberId = async (person: Person) =>
    (await h.database.db.select().from(memberTable).where(eq(memberTable.userId, person.userId))).find((row) => row.organizationId === organizationId)!.id;
  return { organizationId, memberId };
}

/** Everything an action could change, to compare before and after a refusal. */
async function snapshot(organizationId: string) {
  const db = h.database.db;
  const [organization] = await db.select({ name: organizationTable.name, slug: organizationTable.slug }).from(organizationTable).where(eq(organizationTable.id, organizationId));
  const members = await db.select({ userId: memberTable.userId, role: memberTable.role }).from(memberTable).where(eq(memberTable.organizationId, organizationId)).orderBy(asc(memberTable.userId));
  const invitations = await db
    .select({ email: invitationTable.email, role: invitationTable.role, status: invitationTable.status })
    .from(invitationTable)
    .where(eq(invitationTable.organizationId, organizationId))
    .orderBy(asc(invitationTable.email));
  return { organization, members, invitations };
}

type Actor = "owner" | "admin" | "member";
type Org = Awaited<ReturnType<typeof freshOrganization>>;
interface Action {
  name: string;
  run(actor: Person, org: Org): ReturnType<TestBrowser["post"]>;
  allowed: Record<Actor, boolean>;
  /** What must be true after an allowed run. */
  check(org: Org): Promise<void>;
}

const roleOf = async (organizationId: string, userId: string) =>
  (await h.database.db.select().from(memberTable).where(eq(memberTable.userId, userId))).find((row) => row.organizationId === organizationId)?.role;

const actions: Action[] = [
  {
    name: "invite a member",
    run: (actor, org) => actor.browser.post("/organization/invite-member", { email: "invitee@example.test", role: "member", organizationId: org.organizationId }),
    allowed: { owner: true, admin: true, member: false },
    check: async (org) => expect((await snapshot(org.organizationId)).invitations).toEqual([{ email: "invitee@example.test", role: "member", status: "pending" }]),
  },
  {
    name: "invite someone as owner",
    run: (actor, org) => actor.browser.post("/organization/invite-member", { email: "new-owner@example.test", role: "owner", organizationId: org.organizationId }),
    allowed: { owner: true, admin: false, member: false },
    check: async (org) => expect((await snapshot(org.organizationId)).invitations).toEqual([{ email: "new-owner@example.test", role: "owner", status: "pending" }]),
  },
  {
    name: "change a member's role",
    run: async (actor, org) => actor.browser.post("/organization/update-member-role", { memberId: await org.memberId(people.target), role: "admin", organizationId: org.organizationId }),
    allowed: { owner: true, admin: true, member: false },
    check: async (org) => expect(await roleOf(org.organizationId, people.target.userId)).toBe("admin"),
  },
  {
    name: "demote an owner",
    run: async (actor, org) => actor.browser.post("/organization/update-member-role", { memberId: await org.memberId(people.coOwner), role: "member", organizationId: org.organizationId }),
    allowed: { owner: true, admin: false, member: false },
    check: async (org) => expect(await roleOf(org.organizationId, people.coOwner.userId)).toBe("member"),
  },
  {
    name: "make someone an owner",
    run: async (actor, org) => actor.browser.post("/organization/update-member-role", { memberId: await org.memberId(people.target), role: "owner", organizationId: org.organizationId }),
    allowed: { owner: true, admin: false, member: false },
    check: async (org) => expect(await roleOf(org.organizationId, people.target.userId)).toBe("owner"),
  },
  {
    name: "remove a member",
    run: async (actor, org) => actor.browser.post("/organization/remove-member", { memberIdOrEmail: await org.memberId(people.target), organizationId: org.organizationId }),
    allowed: { owner: true, admin: true, member: false },
    check: async (org) => expect(await roleOf(org.organizationId, people.target.userId)).toBeUndefined(),
  },
  {
    name: "remove an owner",
    run: async (actor, org) => actor.browser.post("/organization/remove-member", { memberIdOrEmail: await org.memberId(people.coOwner), organizationId: org.organizationId }),
    allowed: { owner: true, admin: false, member: false },
    check: async (org) => expect(await roleOf(org.organizationId, people.coOwner.userId)).toBeUndefined(),
  },
  {
    name: "update the organization",
    run: (actor, org) => actor.browser.post("/organization/update", { organizationId: org.organizationId, data: { name: "Renamed Inc" } }),
    allowed: { owner: true, admin: true, member: false },
    check: async (org) => expect((await snapshot(org.organizationId)).organization?.name).toBe("Renamed Inc"),
  },
  {
    name: "delete the organization",
    run: (actor, org) => actor.browser.post("/organization/delete", { organizationId: org.organizationId }),
    allowed: { owner: true, admin: false, member: false },
    check: async (org) => expect((await snapshot(org.organizationId)).organization).toBeUndefined(),
  },
];

describe("the role matrix, through the HTTP endpoints", () => {
  for (const action of actions) {
    for (const actor of ["owner", "admin", "member"] as const) {
      const allowed = action.allowed[actor];
      it(`${actor} ${allowed ? "may" : "may not"} ${action.name}`, async () => {
        const org = await freshOrganization();
        const before = await snapshot(org.organizationId);
        const response = await action.run(people[actor], org);
        if (allowed) {
          expect(response.status, JSON.stringify(response.body)).toBe(200);
          await action.check(org);
        } else {
          expect([400, 401, 403], JSON.stringify(response.body)).toContain(response.status);
          expect(await snapshot(org.organizationId)).toEqual(before);
        }
      });
    }
  }

  it("only owners and admins may touch billing", async () => {
    const org = await freshOrganization();
    for (const [actor, expected] of [["owner", true], ["admin", true], ["member", false]] as const) {
      const response = await people[actor].browser.post("/organization/has-permission", {
        organizationId: org.organizationId,
        permissions: { billing: ["manage"] },
      });
      expect(response.status).toBe(200);
      expect({ actor, success: response.body.success }).toEqual({ actor, success: expected });
    }
  });

  it("refuses a role that does not exist, with a field error", async () => {
    const org = await freshOrganization();
    const before = await snapshot(org.organizationId);
    const response = await people.owner.browser.post("/organization/update-member-role", {
      memberId: await org.memberId(people.target),
      role: "owner,admin",
      organizationId: org.organizationId,
    });
    expect(response.status).toBe(400);
    expect(response.body.fieldErrors).toEqual({ role: "Choose owner, admin or member" });
    expect(await snapshot(org.organizationId)).toEqual(before);
  });

  it("refuses an admin cancelling an invitation to become owner, but not one to become member", async () => {
    const org = await freshOrganization();
    const ownerInvite = await people.owner.browser.post("/organization/invite-member", { email: "boss@example.test", role: "owner", organizationId: org.organizationId });
    const memberInvite = await people.owner.browser.post("/organization/invite-member", { email: "staff@example.test", role: "member", organizationId: org.organizationId });
    const refused = await people.admin.browser.post("/organization/cancel-invitation", { invitationId: ownerInvite.body.id });
    expect(refused.status).toBe(403);
    expect((await snapshot(org.organizationId)).invitations).toContainEqual({ email: "boss@example.test", role: "owner", status: "pending" });
    expect((await people.admin.browser.post("/organization/cancel-invitation", { invitationId: memberInvite.body.id })).status).toBe(200);
    expect((await people.member.browser.post("/organization/cancel-invitation", { invitationId: ownerInvite.body.id })).status).toBe(403);
  });

  it("refuses an admin cancelling an owner's invitation by inviting the same address again; an owner may", async () => {
    const org = await freshOrganization();
    const ownerInvite = await people.owner.browser.post("/organization/invite-member", { email: "heir@example.test", role: "owner", organizationId: org.organizationId });
    expect(ownerInvite.status).toBe(200);
    const before = await snapshot(org.organizationId);
    const reinvite = await people.admin.browser.post("/organization/invite-member", { email: "Heir@example.test", role: "member", organizationId: org.organizationId });
    expect(reinvite.status).toBe(403);
    expect(reinvite.body.message).toBe("Only an owner can cancel an invitation to become an owner.");
    expect(await snapshot(org.organizationId)).toEqual(before);
    // An owner re-inviting replaces the invitation, as Better Auth does.
    expect((await people.owner.browser.post("/organization/invite-member", { email: "heir@example.test", role: "admin", organizationId: org.organizationId })).status).toBe(200);
    expect((await snapshot(org.organizationId)).invitations.filter((invitation) => invitation.email === "heir@example.test")).toEqual([
      { email: "heir@example.test", role: "owner", status: "canceled" },
      { email: "heir@example.test", role: "admin", status: "pending" },
    ]);
  });
});

describe("an organization always keeps an owner", () => {
  it("refuses the last owner stepping down, leaving, or removing themselves", async () => {
    const created = await people.admin.browser.post("/organization/create", { name: "Solo", slug: `solo-${process.pid}` });
    const organizationId = created.body.id as string;
    await h.auth.api.addMember({ body: { userId: people.member.userId, role: "member", organizationId } });
    const ownMemberId = (await h.database.db.select().from(memberTable).where(eq(memberTable.organizationId, organizationId))).find((row) => row.userId === people.admin.userId)!.id;
    const before = await snapshot(organizationId);
    const browser = people.admin.browser;
    expect((await browser.post("/organization/update-member-role", { memberId: ownMemberId, role: "admin", organizationId })).status).toBe(400);
    expect((await browser.post("/organization/leave", { organizationId })).status).toBe(400);
    expect((await browser.post("/organization/remove-member", { memberIdOrEmail: ownMemberId, organizationId })).status).toBe(400);
    expect(await snapshot(organizationId)).toEqual(before);
  });

  it("holds when two owners demote each other at the same moment", async () => {
    const org = await freshOrganization();
    const [ownerMemberId, coOwnerMemberId] = [await org.memberId(people.owner), await org.memberId(people.coOwner)];
    const results = await Promise.all([
      people.owner.browser.post("/organization/update-member-role", { memberId: coOwnerMemberId, role: "member", organizationId: org.organizationId }),
      people.coOwner.browser.post("/organization/update-member-role", { memberId: ownerMemberId, role: "member", organizationId: org.organizationId }),
    ]);
    expect(results.map((result) => result.status)).toContain(200);
    const owners = (await snapshot(org.organizationId)).members.filter((member) => member.role === "owner");
    expect(owners).toHaveLength(1);
  });

  it("holds when both owners leave at the same moment", async () => {
    const org = await freshOrganization();
    const results = await Promise.all([
      people.owner.browser.post("/organization/leave", { organizationId: org.organizationId }),
      people.coOwner.browser.post("/organization/leave", { organizationId: org.organizationId }),
    ]);
    expect(results.map((result) => result.status)).toContain(200);
    const owners = (await snapshot(org.organizationId)).members.filter((member) => member.role === "owner");
    expect(owners).toHaveLength(1);
  });
});
