import { invitationTable, memberTable, userTable } from "@saas/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInvitationPreview } from "./organizations";
import { createAuthHarness, type AuthHarness, type TestBrowser } from "./testing/harness";

let h: AuthHarness;
let owner: { browser: TestBrowser; userId: string };
let organizationId: string;

beforeAll(async () => {
  h = await createAuthHarness();
  owner = await h.signUp({ name: "Ines Inviter" });
  organizationId = (await owner.browser.post("/organization/create", { name: "Invite Co", slug: "invite-co" })).body.id;
});
afterAll(() => h.dispose());

let inviteeCounter = 0;
async function invite(role = "member") {
  inviteeCounter += 1;
  const email = `invitee-${inviteeCounter}@example.test`;
  const response = await owner.browser.post("/organization/invite-member", { email, role, organizationId });
  expect(response.status).toBe(200);
  return { email, invitationId: response.body.id as string };
}

const membershipOf = async (userId: string) =>
  (await h.database.db.select().from(memberTable).where(and(eq(memberTable.organizationId, organizationId), eq(memberTable.userId, userId))))[0];
const statusOf = async (invitationId: string) => (await h.database.db.select().from(invitationTable).where(eq(invitationTable.id, invitationId)))[0]?.status;

describe("invitations", () => {
  it("emails a link; the invitee signs up with that address, accepts, and becomes a member", async () => {
    const { email, invitationId } = await invite("admin");
    const mail = await h.waitForEmail(email, "invited you to Invite Co");
    expect(mail.actionUrl).toBe(`http://localhost:3000/accept-invitation/${invitationId}`);
    expect(mail.text).toContain("Ines Inviter");

    const preview = await getInvitationPreview(h.database.db, { invitationId });
    expect(preview).toMatchObject({ email, role: "admin", state: "pending", organizationName: "Invite Co", inviterName: "Ines Inviter" });

    const invitee = await h.signUp({ email });
    const accepted = await invitee.browser.post("/organization/accept-invitation", { invitationId });
    expect(accepted.status).toBe(200);
    expect((await membershipOf(invitee.userId))?.role).toBe("admin");
    expect(await statusOf(invitationId)).toBe("accepted");
    // The new member's session now points at the organization (in the database; the signed
    // cookie cache catches up when the app calls set-active, as the web app does after accepting).
    expect((await invitee.browser.get("/get-session?disableCookieCache=true")).body.session.activeOrganizationId).toBe(organizationId);
    // Accepting twice does nothing more.
    expect((await invitee.browser.post("/organization/accept-invitation", { invitationId })).status).toBe(400);
  });

  it("refuses a different account, and leaves the invitation pending", async () => {
    const { invitationId } = await invite();
    const stranger = await h.signUp();
    const response = await stranger.browser.post("/organization/accept-invitation", { invitationId });
    expect(response.status).toBe(403);
    expect(await membershipOf(stranger.userId)).toBeUndefined();
    expect(await statusOf(invitationId)).toBe("pending");
    // Nor may they read it.
    expect((await stranger.browser.get(`/organization/get-invitation?id=${invitationId}`)).status).toBe(403);
  });

  it("refuses an account with the matching email that is not verified, and changes nothing", async () => {
    const { email, invitationId } = await invite();
    const invitee = await h.signUp({ email });
    // Signed in, then the address stops being verified (as after an unconfirmed change of address).
    await h.database.db.update(userTable).set({ emailVerified: false }).where(eq(userTable.id, invitee.userId));
    const invitationBefore = (await h.database.db.select().from(invitationTable).where(eq(invitationTable.id, invitationId)))[0];
    const withoutCache = h.browser();
    for (const [name, value] of invitee.browser.cookies) if (name !== "saas.session_data") withoutCache.cookies.set(name, value);
    expect(invitee.browser.cookies.has("saas.session_data")).toBe(true);
    // The browser still holds the signed cookie cache, whose copy of the user says "verified";
    // and one without it, whose session is read from the database.
    for (const browser of [invitee.browser, withoutCache]) {
      for (const path of ["/organization/accept-invitation", "/organization/reject-invitation"]) {
        const response = await browser.post(path, { invitationId });
        expect({ path, status: response.status, code: response.body?.code }).toEqual({
          path,
          status: 403,
          code: "EMAIL_VERIFICATION_REQUIRED_BEFORE_ACCEPTING_OR_REJECTING_INVITATION",
        });
      }
    }
    expect(await membershipOf(invitee.userId)).toBeUndefined();
    expect((await h.database.db.select().from(invitationTable).where(eq(invitationTable.id, invitationId)))[0]).toEqual(invitationBefore);
    expect((await invitee.browser.get("/get-session?disableCookieCache=true")).body.session.activeOrganizationId).toBeNull();
  });

  it("refuses an expired invitation", async () => {
    const { email, invitationId } = await invite();
    await h.database.db.update(invitationTable).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitationTable.id, invitationId));
    expect((await getInvitationPreview(h.database.db, { invitationId }))?.state).toBe("expired");
    const invitee = await h.signUp({ email });
    const response = await invitee.browser.post("/organization/accept-invitation", { invitationId });
    expect(response.status).toBe(400);
    expect(await membershipOf(invitee.userId)).toBeUndefined();
  });

  it("refuses a canceled invitation", async () => {
    const { email, invitationId } = await invite();
    expect((await owner.browser.post("/organization/cancel-invitation", { invitationId })).status).toBe(200);
    expect((await getInvitationPreview(h.database.db, { invitationId }))?.state).toBe("canceled");
    const invitee = await h.signUp({ email });
    const response = await invitee.browser.post("/organization/accept-invitation", { invitationId });
    expect(response.status).toBe(400);
    expect(await membershipOf(invitee.userId)).toBeUndefined();
    expect(await statusOf(invitationId)).toBe("canceled");
  });

  it("cannot be accepted by someone signed out, and an unknown id previews as nothing", async () => {
    const { invitationId } = await invite();
    expect((await h.browser().post("/organization/accept-invitation", { invitationId })).status).toBe(401);
    expect(await statusOf(invitationId)).toBe("pending");
    expect(await getInvitationPreview(h.database.db, { invitationId: "not-a-uuid" })).toBeNull();
    expect(await getInvitationPreview(h.database.db, { invitationId: "00000000-0000-4000-8000-000000000000" })).toBeNull();
  });

  it("re-inviting the same address cancels the previous invitation", async () => {
    const { email, invitationId } = await invite();
    const again = await owner.browser.post("/organization/invite-member", { email, role: "admin", organizationId });
    expect(again.status).toBe(200);
    expect(await statusOf(invitationId)).toBe("canceled");
    expect(await statusOf(again.body.id)).toBe("pending");
  });

  it("refuses inviting someone who is already a member", async () => {
    const response = await owner.browser.post("/organization/invite-member", {
      email: (await h.database.db.query.userTable.findFirst({ where: (user, { eq: equals }) => equals(user.id, owner.userId) }))!.email,
      role: "member",
      organizationId,
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("USER_IS_ALREADY_A_MEMBER_OF_THIS_ORGANIZATION");
  });
});
