import { sessionTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOwnSessions, revokeOtherOwnSessions, revokeOwnSession } from "./revoke-sessions";
import { createAuthHarness, PASSWORD, type AuthHarness } from "./testing/harness";

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
});
afterAll(() => h.dispose());

const sessionsOf = (userId: string) => h.database.db.select().from(sessionTable).where(eq(sessionTable.userId, userId)).orderBy(sessionTable.id);
const sessionIdOf = async (headers: Headers) => (await h.auth.getSession(headers, { fresh: true }))!.session.id;

/** A person signed in on two devices (the sign-up browser and a second one). */
async function personOnTwoDevices() {
  const person = await h.signUp();
  const laptop = h.browser();
  expect((await laptop.post("/sign-in/email", { email: person.email, password: PASSWORD })).status).toBe(200);
  return { ...person, phone: person.browser, laptop };
}

describe("revoking sessions (the web app's settings/sessions actions)", () => {
  it("ends one of the caller's own other sessions", async () => {
    const me = await personOnTwoDevices();
    const laptopSession = await sessionIdOf(me.laptop.headers());
    const result = await revokeOwnSession(h.auth, { headers: me.phone.headers(), sessionId: laptopSession });
    expect(result).toEqual({ ok: true, message: "That session has ended." });
    expect((await sessionsOf(me.userId)).map((session) => session.id)).toEqual([await sessionIdOf(me.phone.headers())]);
    expect(await h.auth.getSession(me.laptop.headers(), { fresh: true })).toBeNull();
  });

  it("cannot end another person's session: it is not found among the caller's, and stays", async () => {
    const me = await personOnTwoDevices();
    const someoneElse = await personOnTwoDevices();
    const theirs = await sessionsOf(someoneElse.userId);
    const mine = await sessionsOf(me.userId);
    for (const session of theirs) {
      const result = await revokeOwnSession(h.auth, { headers: me.phone.headers(), sessionId: session.id });
      expect(result).toEqual({ ok: false, message: "That session has already ended." });
    }
    expect(await sessionsOf(someoneElse.userId)).toEqual(theirs);
    expect(await sessionsOf(me.userId)).toEqual(mine);
    expect(await h.auth.getSession(someoneElse.laptop.headers(), { fresh: true })).not.toBeNull();

    // "Everywhere else" means the caller's other sessions only.
    expect(await revokeOtherOwnSessions(h.auth, { headers: me.phone.headers() })).toEqual({ ok: true, message: "You are signed out everywhere else." });
    expect((await sessionsOf(me.userId)).map((session) => session.id)).toEqual([await sessionIdOf(me.phone.headers())]);
    expect(await sessionsOf(someoneElse.userId)).toEqual(theirs);
  });

  it("refuses the session in use, a signed-out caller, and an unknown id, changing nothing", async () => {
    const me = await personOnTwoDevices();
    const before = await sessionsOf(me.userId);
    expect(await revokeOwnSession(h.auth, { headers: me.phone.headers(), sessionId: await sessionIdOf(me.phone.headers()) })).toEqual({
      ok: false,
      message: "This is the session you are using. Sign out instead.",
    });
    expect(await revokeOwnSession(h.auth, { headers: me.phone.headers(), sessionId: "not-a-session" })).toEqual({ ok: false, message: "That session has already ended." });
    const signedOut = h.browser().headers();
    expect(await revokeOwnSession(h.auth, { headers: signedOut, sessionId: before[0]!.id })).toEqual({ ok: false, message: "Your session has ended. Sign in again." });
    expect(await revokeOtherOwnSessions(h.auth, { headers: signedOut })).toEqual({ ok: false, message: "Your session has ended. Sign in again." });
    expect(await sessionsOf(me.userId)).toEqual(before);
  });

  it("lists the caller's own sessions only, without tokens, the one in use marked", async () => {
    const me = await personOnTwoDevices();
    await personOnTwoDevices();
    const listed = await listOwnSessions(h.auth, { headers: me.laptop.headers() });
    if (!listed.ok) throw new Error(listed.message);
    const mine = await sessionsOf(me.userId);
    expect(listed.sessions.map((session) => session.id).sort()).toEqual(mine.map((session) => session.id).sort());
    expect(listed.sessions.filter((session) => session.current).map((session) => session.id)).toEqual([await sessionIdOf(me.laptop.headers())]);
    expect(JSON.stringify(listed)).not.toContain(mine[0]!.token);
  });

  it("explains Better Auth's refusal for a session signed in more than a day ago, and leaves every session", async () => {
    const me = await personOnTwoDevices();
    const phoneSession = await sessionIdOf(me.phone.headers());
    const laptopSession = await sessionIdOf(me.laptop.headers());
    await h.database.db.update(sessionTable).set({ createdAt: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000) }).where(eq(sessionTable.id, phoneSession));
    // The cookie cache would carry the old creation time too; without it the database is read.
    me.phone.cookies.delete("saas.session_data");
    const before = await sessionsOf(me.userId);
    const refusal = { ok: false, message: "For your security, sign in again to do this." };
    expect(await listOwnSessions(h.auth, { headers: me.phone.headers() })).toEqual(refusal);
    expect(await revokeOwnSession(h.auth, { headers: me.phone.headers(), sessionId: laptopSession })).toEqual(refusal);
    expect(await sessionsOf(me.userId)).toEqual(before);
  });
});

describe("session tokens", () => {
  it("never reach the browser: get-session and list-sessions answer without them, and the session still works", async () => {
    const { phone, laptop, userId } = await personOnTwoDevices();
    const tokens = (await sessionsOf(userId)).map((session) => session.token);
    expect(tokens).toHaveLength(2);
    const current = await laptop.get("/get-session");
    expect(current.status).toBe(200);
    expect(current.body.user.id).toBe(userId);
    expect(current.body.session).not.toHaveProperty("token");
    const listed = await phone.get("/list-sessions");
    expect(listed.body).toHaveLength(2);
    for (const session of listed.body) expect(session).not.toHaveProperty("token");
    for (const token of tokens) expect(JSON.stringify([current.body, listed.body])).not.toContain(token);
    expect((await phone.get("/get-session")).body.user.id).toBe(userId);
  });
});
