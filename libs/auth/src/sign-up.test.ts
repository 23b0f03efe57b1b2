import { accountTable, sessionTable, userTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_UP_ANSWER } from "./create-auth";
import { EMAIL_CHANGE_FRESH_SIGN_IN_SECONDS } from "./policy";
import { createAuthHarness, nextIp, PASSWORD, WEB_URL, type AuthHarness } from "./testing/harness";

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(() => h.dispose());

const userByEmail = async (email: string) => (await h.database.db.select().from(userTable).where(eq(userTable.email, email)))[0];

describe("sign-up, email verification and sign-in", () => {
  it("sends a verification email, refuses sign-in until the link is followed, then signs in", async () => {
    const browser = h.browser();
    const email = "new.person@example.test";
    const signUp = await browser.post("/sign-up/email", { name: "New Person", email, password: PASSWORD, callbackURL: "/" });
    expect(signUp.status).toBe(200);
    // No session before the address is proven.
    expect(signUp.body.token).toBeNull();
    expect((await browser.get("/get-session")).body).toBeNull();

    const mail = await h.waitForEmail(email, "Confirm your email");
    expect(mail.actionUrl).toMatch(/^http:\/\/localhost:3000\/api\/auth\/verify-email\?token=/);
    expect(mail.text).toContain(mail.actionUrl);

    const early = await h.browser().post("/sign-in/email", { email, password: PASSWORD });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe("EMAIL_NOT_VERIFIED");
    expect(early.headers.getSetCookie().some((cookie) => cookie.includes("session_token=") && !cookie.includes("Max-Age=0"))).toBe(false);

    const verify = await browser.get(mail.actionUrl!);
    expect(verify.status).toBe(302);
    expect(verify.headers.get("location")).toBe("/");
    expect((await userByEmail(email))?.emailVerified).toBe(true);
    expect((await browser.get("/get-session")).body.user.email).toBe(email);

    const later = h.browser();
    const signIn = await later.post("/sign-in/email", { email, password: PASSWORD });
    expect(signIn.status).toBe(200);
    expect((await later.get("/get-session")).body.user.email).toBe(email);
  });

  it("signs in after verification only in the browser that signed up: another's link never replaces a session (login CSRF)", async () => {
    // The attacker signs up and keeps their unused verification link…
    const attackerEmail = `attacker-${Date.now()}@example.test`;
    expect((await h.browser().post("/sign-up/email", { name: "Attacker", email: attackerEmail, password: PASSWORD, callbackURL: "/" })).status).toBe(200);
    const link = (await h.waitForEmail(attackerEmail, "Confirm your email")).actionUrl!;
    // …and gets a signed-in victim to open it.
    const victim = await h.signUp({ name: "Victim" });
    const sessionsBefore = await h.database.db.$count(sessionTable);
    const opened = await victim.browser.get(link);
    expect(opened.status).toBe(302);
    expect(opened.headers.getSetCookie().filter((cookie) => /session_(token|data)=[^;]/.test(cookie))).toEqual([]);
    expect((await victim.browser.get("/get-session")).body.user.email).toBe(victim.email);
    expect(await h.database.db.$count(sessionTable)).toBe(sessionsBefore);
    // The address is confirmed all the same; the attacker signs in with their password, where they are.
    expect((await userByEmail(attackerEmail))?.emailVerified).toBe(true);

    // A browser that did not sign up gets no session from a link either.
    const otherEmail = `cross-device-${Date.now()}@example.test`;
    await h.browser().post("/sign-up/email", { name: "Cross Device", email: otherEmail, password: PASSWORD, callbackURL: "/" });
    const phone = h.browser();
    const followed = await phone.get((await h.waitForEmail(otherEmail, "Confirm your email")).actionUrl!);
    expect(followed.headers.get("location")).toBe("/verify-email?next=%2F");
    expect((await phone.get("/get-session")).body).toBeNull();
  });

  it("refuses a wrong password, and a tampered verification link", async () => {
    const { email } = await h.signUp();
    const wrong = await h.browser().post("/sign-in/email", { email, password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe("INVALID_EMAIL_OR_PASSWORD");

    const other = "tampered@example.test";
    await h.browser().post("/sign-up/email", { name: "Tampered", email: other, password: PASSWORD });
    const mail = await h.waitForEmail(other);
    const tampered = await h.browser().get(`${mail.actionUrl!.replace(/token=[^&]+/, (token) => `${token.slice(0, -4)}AAAA`)}`);
    expect(tampered.status).toBe(302);
    expect(tampered.headers.get("location")).toContain("error=INVALID_TOKEN");
    expect((await userByEmail(other))?.emailVerified).toBe(false);
  });

  it("answers bad input with field errors, and creates nothing", async () => {
    const browser = h.browser();
    const response = await browser.post("/sign-up/email", { name: "  ", email: "not-an-email", password: "short" });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("VALIDATION_ERROR");
    expect(response.body.fieldErrors).toEqual({
      name: "Enter your name",
      email: "Enter a valid email address, like name@example.com",
      password: "Use at least 10 characters",
    });
    expect(await h.database.db.select().from(userTable).where(eq(userTable.email, "not-an-email"))).toEqual([]);
  });

  it("does not let a second sign-up take over an existing address", async () => {
    const { email, userId } = await h.signUp();
    const again = await h.browser().post("/sign-up/email", { name: "Impostor", email, password: "another password 123" });
    expect([200, 422]).toContain(again.status);
    const [user] = await h.database.db.select().from(userTable).where(eq(userTable.email, email));
    expect(user).toMatchObject({ id: userId, name: expect.not.stringMatching("Impostor") });
    // The original password still works and the impostor's does not.
    expect((await h.browser().post("/sign-in/email", { email, password: PASSWORD })).status).toBe(200);
    expect((await h.browser().post("/sign-in/email", { email, password: "another password 123" })).status).toBe(401);
  });
});

describe("sign-up does not tell whether an address has an account", () => {
  /** The answer as the network carries it: status, body bytes, header names, cookie names. */
  const signUpAnswer = async (email: string) => {
    const response = await h.auth.handleRequest(
      new Request(`${WEB_URL}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: WEB_URL, "x-forwarded-for": nextIp() },
        body: JSON.stringify({ name: "Someone", email, password: "a different passphrase 42", callbackURL: "/" }),
      }),
    );
    return {
      status: response.status,
      body: await response.text(),
      headers: [...response.headers.keys()].sort(),
      cookies: response.headers.getSetCookie().map((cookie) => cookie.replace(/=[^;]*/, "=<value>")),
    };
  };

  it("answers byte for byte the same for a new, a verified and an unverified address; only the owner learns of it", async () => {
    const { email: verified, userId } = await h.signUp();
    const unverified = `pending-${userId.slice(0, 8)}@example.test`;
    expect((await h.browser().post("/sign-up/email", { name: "Pending", email: unverified, password: PASSWORD })).status).toBe(200);
    const fresh = `fresh-${userId.slice(0, 8)}@example.test`;

    const answers = { fresh: await signUpAnswer(fresh), verified: await signUpAnswer(verified), unverified: await signUpAnswer(unverified) };
    expect(answers.fresh).toMatchObject({ status: 200, body: SIGN_UP_ANSWER });
    expect(answers.verified).toEqual(answers.fresh);
    expect(answers.unverified).toEqual(answers.fresh);

    // The new address gets its link; the taken ones get a notice, and nothing about them changed.
    await h.waitForEmail(fresh, "Confirm your email");
    const notice = await h.waitForEmail(verified, "already have");
    expect(notice.actionUrl).toBe(`${WEB_URL}/sign-in`);
    expect(notice.text).toContain(`${WEB_URL}/forgot-password`);
    await h.waitForEmail(unverified, "already have");
    expect(await userByEmail(verified)).toMatchObject({ id: userId, emailVerified: true, name: expect.not.stringMatching("Someone") });
    expect((await h.browser().post("/sign-in/email", { email: verified, password: "a different passphrase 42" })).status).toBe(401);
  });
});

describe("password reset and change", () => {
  it("resets through the emailed link; the old password stops working and other sessions end", async () => {
    const { browser: elsewhere, email, userId } = await h.signUp();
    const browser = h.browser();
    const request = await browser.post("/request-password-reset", { email, redirectTo: "/reset-password" });
    expect(request.status).toBe(200);
    const mail = await h.waitForEmail(email, "Reset your");
    expect(mail.actionUrl).toMatch(/^http:\/\/localhost:3000\/api\/auth\/reset-password\/[^?]+\?callbackURL=%2Freset-password$/);

    // The link leads to the app's reset page with the token.
    const landing = await browser.get(mail.actionUrl!);
    expect(landing.status).toBe(302);
    const token = new URL(landing.headers.get("location")!, "http://localhost:3000").searchParams.get("token");
    expect(token).toBeTruthy();

    const weak = await browser.post("/reset-password", { token, newPassword: "short" });
    expect(weak.status).toBe(400);
    expect(weak.body.fieldErrors).toEqual({ newPassword: "Use at least 10 characters" });

    const newPassword = "a brand new passphrase";
    expect((await browser.post("/reset-password", { token, newPassword })).status).toBe(200);
    expect((await h.browser().post("/sign-in/email", { email, password: PASSWORD })).status).toBe(401);
    expect((await h.browser().post("/sign-in/email", { email, password: newPassword })).status).toBe(200);
    // The session signed in before the reset is gone (revokeSessionsOnPasswordReset): the
    // database has no session of this user left but the new sign-in's, and a fresh read of the
    // old browser's session finds nothing.
    const sessions = await h.database.db.select().from(sessionTable).where(eq(sessionTable.userId, userId));
    expect(sessions).toHaveLength(1);
    expect((await elsewhere.get("/get-session?disableCookieCache=true")).body).toBeNull();

    // The link works once.
    const reused = await browser.post("/reset-password", { token, newPassword: "yet another passphrase" });
    expect(reused.status).toBe(400);
    expect((await h.browser().post("/sign-in/email", { email, password: newPassword })).status).toBe(200);
  });

  it("answers a reset request for an unknown address the same way, and sends nothing", async () => {
    const response = await h.browser().post("/request-password-reset", { email: "nobody@example.test", redirectTo: "/reset-password" });
    expect(response.status).toBe(200);
    // Sending continues after the answer; sentEmails() waits for it to finish.
    expect((await h.sentEmails()).filter((entry) => entry.to === "nobody@example.test")).toEqual([]);
  });

  it("changes the password only with the current one", async () => {
    const { browser, email } = await h.signUp();
    const wrong = await browser.post("/change-password", { currentPassword: "not it at all", newPassword: "a fresh passphrase" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("INVALID_PASSWORD");
    expect((await h.browser().post("/sign-in/email", { email, password: PASSWORD })).status).toBe(200);

    const changed = await browser.post("/change-password", { currentPassword: PASSWORD, newPassword: "a fresh passphrase", revokeOtherSessions: true });
    expect(changed.status).toBe(200);
    expect((await h.browser().post("/sign-in/email", { email, password: PASSWORD })).status).toBe(401);
    expect((await h.browser().post("/sign-in/email", { email, password: "a fresh passphrase" })).status).toBe(200);
    const [account] = await h.database.db.select().from(accountTable).where(eq(accountTable.userId, (await userByEmail(email))!.id));
    // Stored as a hash, never as the password.
    expect(account?.password).not.toContain("a fresh passphrase");
  });
});

describe("change of email address", () => {
  const userRow = async (userId: string) => (await h.database.db.select().from(userTable).where(eq(userTable.id, userId)))[0]!;
  const mailsTo = async (email: string) => (await h.sentEmails()).filter((mail) => mail.to === email);

  it("asks for the account's password: a stolen session alone changes nothing and sends nothing", async () => {
    const { browser, email, userId } = await h.signUp();
    const newEmail = `taker-${userId.slice(0, 8)}@example.test`;
    const before = await userRow(userId);
    const mailsBefore = (await mailsTo(email)).length;

    const without = await browser.post("/change-email", { newEmail, callbackURL: "/settings/profile" });
    expect(without.status).toBe(400);
    expect(without.body.fieldErrors).toEqual({ password: "Enter your password to change your email address" });
    const wrong = await browser.post("/change-email", { newEmail, password: "not the password", callbackURL: "/settings/profile" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: "INVALID_PASSWORD", fieldErrors: { password: "That password is not right." } });

    expect(await userRow(userId)).toEqual(before);
    expect(await mailsTo(newEmail)).toEqual([]);
    expect((await mailsTo(email)).length).toBe(mailsBefore);
  });

  it("the current address confirms first, then the new one; the old address is told, with a link that undoes it", async () => {
    const { browser, email: oldEmail, userId } = await h.signUp();
    const newEmail = `moved-${userId.slice(0, 8)}@example.test`;
    const request = await browser.post("/change-email", { newEmail, password: PASSWORD, callbackURL: "/settings/profile" });
    expect(request.status).toBe(200);

    // First the current address, and nothing for the new one yet.
    const confirmation = await h.waitForEmail(oldEmail, "Confirm the change");
    expect(confirmation.text).toContain(newEmail);
    expect(await mailsTo(newEmail)).toEqual([]);
    expect((await userRow(userId)).email).toBe(oldEmail);
    expect((await browser.get(confirmation.actionUrl!)).status).toBe(302);
    expect((await userRow(userId)).email).toBe(oldEmail);

    // Then the new address proves itself, and only then the account moves.
    const verification = await h.waitForEmail(newEmail, "Confirm your email");
    expect((await browser.get(verification.actionUrl!)).status).toBe(302);
    expect(await userRow(userId)).toMatchObject({ email: newEmail, emailVerified: true });
    // The person who followed the links is still signed in, under the new address.
    expect((await browser.get("/get-session?disableCookieCache=true")).body.user.email).toBe(newEmail);
    expect((await h.browser().post("/sign-in/email", { email: newEmail, password: PASSWORD })).status).toBe(200);
    expect((await h.browser().post("/sign-in/email", { email: oldEmail, password: PASSWORD })).status).toBe(401);

    const notice = await h.waitForEmail(oldEmail, "email address was changed");
    expect(notice.text).toContain(`${oldEmail} to ${newEmail}`);
    expect(notice.actionUrl).toMatch(/^http:\/\/localhost:3000\/undo-email-change\?token=[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("the undo link gives the account back to the old address and ends every session, once", async () => {
    const { browser: taker, email: oldEmail, userId } = await h.signUp();
    const newEmail = `taken-${userId.slice(0, 8)}@example.test`;
    await taker.post("/change-email", { newEmail, password: PASSWORD, callbackURL: "/" });
    await taker.get((await h.waitForEmail(oldEmail, "Confirm the change")).actionUrl!);
    await taker.get((await h.waitForEmail(newEmail, "Confirm your email")).actionUrl!);
    const token = new URL((await h.waitForEmail(oldEmail, "email address was changed")).actionUrl!).searchParams.get("token")!;
    // Meanwhile the taker adds a way in (a GitHub account) and tries to move the address on again,
    // which would send the next undo link to their own mailbox: refused while this one works.
    await h.database.db.insert(accountTable).values({ userId, providerId: "github", accountId: `gh-${userId}` });
    const onward = await taker.post("/change-email", { newEmail: `onward-${userId.slice(0, 8)}@example.test`, password: PASSWORD, callbackURL: "/" });
    expect(onward.status).toBe(403);
    expect(onward.body.code).toBe("EMAIL_CHANGED_RECENTLY");

    const forged = await h.browser().post("/undo-email-change", { token: `${token.slice(0, -2)}xx` });
    expect(forged.status).toBe(400);
    expect((await userRow(userId)).email).toBe(newEmail);

    const undone = await h.browser().post("/undo-email-change", { token });
    expect(undone.status).toBe(200);
    expect(await userRow(userId)).toMatchObject({ email: oldEmail, emailVerified: true });
    expect(await h.database.db.$count(sessionTable, eq(sessionTable.userId, userId))).toBe(0);
    expect((await taker.get("/get-session?disableCookieCache=true")).body).toBeNull();
    // The password the taker knew works no more, nor does the account they added; the owner
    // chooses a new password from the restored address.
    expect((await h.browser().post("/sign-in/email", { email: oldEmail, password: PASSWORD })).status).toBe(401);
    const accounts = await h.database.db.select({ providerId: accountTable.providerId, password: accountTable.password }).from(accountTable).where(eq(accountTable.userId, userId));
    expect(accounts).toEqual([{ providerId: "credential", password: null }]);

    const again = await h.browser().post("/undo-email-change", { token });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("UNDO_LINK_INVALID");
  });

  it("an account without a password changes its address only within minutes of signing in", async () => {
    const { browser, userId } = await h.signUp();
    // As if signed up with GitHub: no credential account.
    await h.database.db.delete(accountTable).where(eq(accountTable.userId, userId));
    const newEmail = `oauth-${userId.slice(0, 8)}@example.test`;
    const old = new Date(Date.now() - (EMAIL_CHANGE_FRESH_SIGN_IN_SECONDS + 60) * 1000);
    await h.database.db.update(sessionTable).set({ createdAt: old }).where(eq(sessionTable.userId, userId));
    const stale = await browser.post("/change-email", { newEmail, callbackURL: "/" });
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe("SIGN_IN_AGAIN");
    expect(await mailsTo(newEmail)).toEqual([]);

    await h.database.db.update(sessionTable).set({ createdAt: new Date() }).where(eq(sessionTable.userId, userId));
    expect((await browser.post("/change-email", { newEmail, callbackURL: "/" })).status).toBe(200);
  });
});
