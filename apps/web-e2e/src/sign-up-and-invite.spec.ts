import { emailedLink, environment, expect, newPerson, PASSWORD, signIn, signUpThroughTheForms, test, uniqueEmail } from "./support/fixtures";

test("sign up, confirm by email, create an organization, invite a colleague who accepts and appears as a member", async ({ page, browser }) => {
  const owner = { name: "Olivia Owner", email: uniqueEmail("owner") };
  const colleague = { name: "Carl Colleague", email: uniqueEmail("colleague") };

  // A protected page sends a visitor to sign in; from there, to sign up.
  await page.goto("/members");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fmembers$/);
  await page.getByRole("link", { name: "Create one" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();

  // Bad input is caught by the same schema as the server's, with the field named.
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await page.getByLabel("Work email").fill(owner.email);
  // A guessable password, or one holding the person's address, is refused with the reason.
  await page.getByLabel("Password").fill("password1234");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("This is similar to a commonly used password. Add a few words that are less common.")).toBeVisible();
  await page.getByLabel("Password").fill(`${owner.email} 2026`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Don't use your name or email address in your password.")).toBeVisible();

  // The emailed link confirms the address and signs in; with no organization yet, the first thing is to create one.
  await signUpThroughTheForms(page, owner);
  await expect(page.getByRole("heading", { name: "Create your first organization" })).toBeVisible();
  // Buttons are enabled once the page is hydrated: from then on typing derives the URL name.
  await expect(page.getByRole("button", { name: "Create organization" })).toBeEnabled();
  await page.getByLabel("Organization name").fill("Widget Works");
  await expect(page.getByLabel("URL name")).toHaveValue("widget-works");
  await page.getByLabel("URL name").fill(`widget-works-${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByRole("heading", { name: "Widget Works" })).toBeVisible();
  await expect(page.getByText("owner", { exact: true })).toBeVisible();

  // Invite the colleague as a member.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email").fill(colleague.email);
  await page.getByLabel("Role").selectOption("member");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${colleague.email}.`)).toBeVisible();
  await expect(page.getByTestId("invitation-row").filter({ hasText: colleague.email })).toBeVisible();

  // The colleague follows the emailed invitation, creates an account with that address, confirms it, and accepts.
  const colleagueContext = await newPerson(browser);
  const colleaguePage = await colleagueContext.newPage();
  const invitationLink = await emailedLink(colleague.email, "invited you to Widget Works");
  expect(invitationLink.startsWith(`${environment.webUrl}/accept-invitation/`)).toBe(true);
  await colleaguePage.goto(invitationLink);
  await expect(colleaguePage.getByRole("heading", { name: "Join Widget Works" })).toBeVisible();
  await expect(colleaguePage.getByText(`${owner.name} invited ${colleague.email} to join Widget Works as member.`)).toBeVisible();
  await colleaguePage.getByRole("link", { name: "Create account" }).click();
  await expect(colleaguePage.getByLabel("Work email")).toHaveValue(colleague.email);
  await signUpThroughTheForms(colleaguePage, colleague);
  await expect(colleaguePage).toHaveURL(/\/accept-invitation\//);
  await colleaguePage.getByRole("button", { name: "Accept and join" }).click();
  await expect(colleaguePage).toHaveURL(/\/members$/);
  await expect(colleaguePage.getByTestId("member-row").filter({ hasText: `${colleague.name} (you)` })).toBeVisible();
  // A member sees no invite form.
  await expect(colleaguePage.getByRole("button", { name: "Send invitation" })).toHaveCount(0);

  // The owner sees the colleague in the members list, and the invitation gone from the pending ones.
  await page.reload();
  const row = page.getByTestId("member-row").filter({ hasText: colleague.email });
  await expect(row).toBeVisible();
  await expect(row.getByLabel(`Role of ${colleague.name}`)).toHaveValue("member");
  await expect(page.getByTestId("invitation-row")).toHaveCount(0);
  await colleagueContext.close();

  // Signed out, a protected page sends to sign-in, and signing in comes back to it.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings/sessions");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Fsessions$/);
  await signIn(page, { email: owner.email, password: PASSWORD });
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(page.getByTestId("session-row").filter({ hasText: "This device" })).toBeVisible();
});
