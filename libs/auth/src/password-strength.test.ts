import { userTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPasswordEstimator, personalPasswordWeakness } from "./password-strength";
import { newPasswordField } from "./schemas";
import { createAuthHarness, PASSWORD, type AuthHarness } from "./testing/harness";
import { INPUT_SCHEMAS } from "./validate-input";

let h: AuthHarness;
beforeAll(async () => {
  h = await createAuthHarness();
  // The browser loads it when a new-password field appears; the server before checking a body.
  await loadPasswordEstimator();
});
afterAll(() => h.dispose());

const GUESSABLE = {
  aaaaaaaaaa: 'Repeated characters like "aaa" are easy to guess. Add a few words that are less common.',
  password1234: "This is similar to a commonly used password. Add a few words that are less common.",
  qwertyuiop: "This is a very common password. Add a few words that are less common.",
};
const PERSONAL = "Don't use your name or email address in your password.";

describe("the new-password rule in every form that sets one", () => {
  // Derived from the server's catalog: any endpoint whose body has a new password gets the rule.
  const endpoints = Object.entries(INPUT_SCHEMAS).flatMap(([path, schema]) =>
    Object.entries(schema.shape)
      .filter(([, field]) => field === newPasswordField)
      .map(([field]) => ({ path, schema, field })),
  );

  it("covers sign-up, reset and change, and the console's user creation and password setting", () => {
    expect(endpoints.map(({ path }) => path).sort()).toEqual(["/admin/create-user", "/admin/set-user-password", "/change-password", "/reset-password", "/sign-up/email"]);
  });

  it.each(endpoints)("$path refuses guessable passwords with the reason", ({ schema, field }) => {
    for (const [password, reason] of Object.entries(GUESSABLE)) {
      const result = schema.safeParse({ name: "Pat Doe", email: "pat@example.test", currentPassword: "whatever", token: "t", [field]: password });
      expect(result.success).toBe(false);
      expect(result.error?.issues.find((issue) => issue.path[0] === field)?.message).toBe(reason);
    }
  });

  it("refuses the person's address and names inside a password, but not a short name inside a word", () => {
    const person = { name: "Ann Lee-Hawthorne", email: "ann.hawthorne@example.test" };
    expect(personalPasswordWeakness("my ann.hawthorne@example.test", person)).toBe(PERSONAL);
    expect(personalPasswordWeakness("ANN.HAWTHORNE rules 42", person)).toBe(PERSONAL);
    expect(personalPasswordWeakness("lee-hawthorne forever", person)).toBe(PERSONAL);
    expect(personalPasswordWeakness("annual planning gravel", person)).toBeNull();
  });

  it("accepts a few uncommon words", () => {
    expect(newPasswordField.safeParse("lantern gravel nimbus").success).toBe(true);
    expect(newPasswordField.safeParse(PASSWORD).success).toBe(true);
  });
});

describe("the server refuses weak passwords whatever the browser sent", () => {
  it("sign-up: a guessable password, or one holding the address or the name, creates nothing", async () => {
    const email = `weak-${Date.now().toString(36)}@example.test`;
    const cases: Record<string, string> = { ...GUESSABLE, [email]: PERSONAL, [`${email.split("@")[0]}-is-me-2026`]: PERSONAL, "wolfgang amadeus zz": PERSONAL };
    for (const [password, reason] of Object.entries(cases)) {
      const response = await h.browser().post("/sign-up/email", { name: "Wolfgang Amadeus", email, password });
      expect(response.status, password).toBe(400);
      expect(response.body).toMatchObject({ code: "VALIDATION_ERROR", fieldErrors: { password: reason } });
    }
    expect(await h.database.db.$count(userTable, eq(userTable.email, email))).toBe(0);
    expect((await h.sentEmails()).filter((mail) => mail.to === email)).toEqual([]);
  });

  it("reset: a password holding the person's address is refused and the link still works for a good one", async () => {
    const { email } = await h.signUp();
    const browser = h.browser();
    await browser.post("/request-password-reset", { email, redirectTo: "/reset-password" });
    const landing = await browser.get((await h.waitForEmail(email, "Reset your")).actionUrl!);
    const token = new URL(landing.headers.get("location")!, "http://localhost").searchParams.get("token");

    const personal = await browser.post("/reset-password", { token, newPassword: `${email.split("@")[0]}!x` });
    expect(personal.status).toBe(400);
    expect(personal.body.fieldErrors).toEqual({ newPassword: PERSONAL });
    const common = await browser.post("/reset-password", { token, newPassword: "password1234" });
    expect(common.body.fieldErrors).toEqual({ newPassword: GUESSABLE.password1234 });
    // Nothing changed: the old password still signs in, and the token is still good.
    expect((await h.browser().post("/sign-in/email", { email, password: PASSWORD })).status).toBe(200);
    expect((await browser.post("/reset-password", { token, newPassword: "lantern gravel nimbus" })).status).toBe(200);
    expect((await h.browser().post("/sign-in/email", { email, password: "lantern gravel nimbus" })).status).toBe(200);
  });

  it("change: a guessable password, or one holding the name, is refused and the old one still works", async () => {
    const { browser, email } = await h.signUp({ name: "Marguerite Yourcenar" });
    for (const [newPassword, reason] of [
      ["qwertyuiop", GUESSABLE.qwertyuiop],
      ["marguerite forever 7", PERSONAL],
    ] as const) {
      const response = await browser.post("/change-password", { currentPassword: PASSWORD, newPassword });
      expect(response.status).toBe(400);
      expect(response.body.fieldErrors).toEqual({ newPassword: reason });
    }
    expect((await h.browser().post("/sign-in/email", { email, password: PASSWORD })).status).toBe(200);
  });
});
