import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAuthHarness, type AuthHarness } from "./testing/harness";

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(() => h.dispose());
beforeEach(() => {
  h.membershipChanges.length = 0;
});

let counter = 0;
async function organizationOf(owner: Awaited<ReturnType<AuthHarness["signUp"]>>) {
  counter += 1;
  const created = await owner.browser.post("/organization/create", { name: `Seats ${counter}`, slug: `seats-${counter}` });
  expect(created.status).toBe(200);
  return created.body.id as string;
}

describe("onMembershipChange (seat sync)", () => {
  it("is called once when an organization is created with its owner", async () => {
    const owner = await h.signUp();
    h.membershipChanges.length = 0;
    const organizationId = await organizationOf(owner);
    expect(h.membershipChanges).toEqual([organizationId]);
  });

  it("is called once when an invitation is accepted", async () => {
    const owner = await h.signUp();
    const organizationId = await organizationOf(owner);
    const invitee = await h.signUp();
    const invitation = await owner.browser.post("/organization/invite-member", { email: invitee.email, role: "member", organizationId });
    h.membershipChanges.length = 0;
    expect((await invitee.browser.post("/organization/accept-invitation", { invitationId: invitation.body.id })).status).toBe(200);
    expect(h.membershipChanges).toEqual([organizationId]);
  });

  it("is not called for an invitation that is sent, or refused", async () => {
    const owner = await h.signUp();
    const organizationId = await organizationOf(owner);
    h.membershipChanges.length = 0;
    const invitation = await owner.browser.post("/organization/invite-member", { email: "someone@example.test", role: "member", organizationId });
    const stranger = await h.signUp();
    await stranger.browser.post("/organization/accept-invitation", { invitationId: invitation.body.id });
    expect(h.membershipChanges).toEqual([]);
  });

  it("is called once when a member is added, removed, or leaves", async () => {
    const owner = await h.signUp();
    const organizationId = await organizationOf(owner);
    const added = await h.signUp();
    const leaver = await h.signUp();

    h.membershipChanges.length = 0;
    const member = await h.auth.api.addMember({ body: { userId: added.userId, role: "member", organizationId } });
    expect(h.membershipChanges).toEqual([organizationId]);

    h.membershipChanges.length = 0;
    expect((await owner.browser.post("/organization/remove-member", { memberIdOrEmail: member.id, organizationId })).status).toBe(200);
    expect(h.membershipChanges).toEqual([organizationId]);

    await h.auth.api.addMember({ body: { userId: leaver.userId, role: "member", organizationId } });
    h.membershipChanges.length = 0;
    expect((await leaver.browser.post("/organization/leave", { organizationId })).status).toBe(200);
    expect(h.membershipChanges).toEqual([organizationId]);

    // A refused leave (the last owner) changes nothing and calls nothing.
    h.membershipChanges.length = 0;
    expect((await owner.browser.post("/organization/leave", { organizationId })).status).toBe(400);
    expect(h.membershipChanges).toEqual([]);
  });

  it("is called once when the organization is deleted", async () => {
    const owner = await h.signUp();
    const organizationId = await organizationOf(owner);
    h.membershipChanges.length = 0;
    expect((await owner.browser.post("/organization/delete", { organizationId })).status).toBe(200);
    expect(h.membershipChanges).toEqual([organizationId]);
  });

  it("is called for each organization of a user who is removed", async () => {
    const owner = await h.signUp();
    const [first, second] = [await organizationOf(owner), await organizationOf(owner)];
    const leaving = await h.signUp();
    await h.auth.api.addMember({ body: { userId: leaving.userId, role: "member", organizationId: first } });
    await h.auth.api.addMember({ body: { userId: leaving.userId, role: "admin", organizationId: second } });
    h.membershipChanges.length = 0;
    await h.auth.$context.then((context) => context.internalAdapter.deleteUser(leaving.userId));
    expect(h.membershipChanges.sort()).toEqual([first, second].sort());
  });
});

describe("a failing onMembershipChange", () => {
  it("is logged and does not fail the request that changed the membership", async () => {
    const failing = await createAuthHarness({
      onMembershipChange: async () => {
        throw new Error("billing is down");
      },
    });
    try {
      const owner = await failing.signUp();
      const created = await owner.browser.post("/organization/create", { name: "Still Works", slug: "still-works" });
      expect(created.status).toBe(200);
      expect(created.body.members).toHaveLength(1);
    } finally {
      await failing.dispose();
    }
  });
});
