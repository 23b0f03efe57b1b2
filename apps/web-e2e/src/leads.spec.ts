import { readFile } from "node:fs/promises";
import { createDb, leadTable, organizationTable } from "@saas/db";
import { eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { environment, expect, signIn, test } from "./support/fixtures";

// The leads CRM in a real browser against the running stack, as the demo organization's owner
// (the login `npm run dev` prints).

const unique = () => randomBytes(3).toString("hex");

async function signInAsAda(page: Page) {
  await page.goto("/sign-in");
  await signIn(page, { email: "ada@acme.example", password: "acme-demo-password" });
  await expect(page.getByRole("link", { name: "Leads" })).toBeVisible();
}

/** A lead of the demo organization, written straight to the database (setup, not under test). */
async function insertDemoLead(values: { firstName: string; lastName: string; status: "new" | "contacted"; position: string }) {
  const db = createDb(environment.databaseUrl, { max: 1 });
  try {
    const [acme] = await db.select({ id: organizationTable.id }).from(organizationTable).where(eq(organizationTable.slug, "acme"));
    if (!acme) throw new Error("The demo organization is missing");
    await db.insert(leadTable).values({ organizationId: acme.id, ...values });
  } finally {
    await db.close();
  }
}

test("create and edit a lead, find it by search and by a filter in the URL, and export the view", async ({ page }) => {
  const surname = `Fitzgerald${unique()}`;
  await signInAsAda(page);
  await page.goto("/leads");
  await page.getByRole("link", { name: "New lead" }).first().click();
  await page.getByLabel("First name").fill("Zelda");
  await page.getByLabel("Last name").fill(surname);
  await page.getByLabel("Email").fill("Not an email");
  await page.getByRole("button", { name: "Create lead" }).click();
  // Checked in the browser with the server's schema, before any request.
  await expect(page.getByText("Enter a valid email address, like name@example.com")).toBeVisible();
  await page.getByLabel("Email").fill(`zelda.${surname}@jazz.example`);
  await page.getByLabel("Estimated value").fill("4,500");
  await page.getByLabel("Status").selectOption("qualified");
  await page.getByRole("button", { name: "Create lead" }).click();
  await expect(page.getByRole("heading", { name: `Zelda ${surname}` })).toBeVisible();

  await page.getByLabel("Company").fill("Jazz Age Inc");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  // Search as one types: the URL follows, so the view can be shared.
  await page.goto("/leads");
  await page.getByLabel("Search leads by name, email or company").fill(surname.toLowerCase());
  await expect(page).toHaveURL(new RegExp(`[?&]q=${surname.toLowerCase()}`));
  await expect(page.getByTestId("lead-row")).toHaveCount(1);
  await expect(page.getByTestId("lead-row")).toContainText("Jazz Age Inc");

  // A bookmarked view: the filter comes from the URL alone.
  await page.goto(`/leads?status=qualified&q=${surname}`);
  await expect(page.getByTestId("lead-row")).toHaveCount(1);
  await page.goto(`/leads?status=won,lost&q=${surname}`);
  await expect(page.getByText("No leads match this filter")).toBeVisible();
  await page.getByRole("button", { name: "Clear the filters" }).click();
  await expect(page.getByTestId("lead-row").first()).toBeVisible();

  // Export the current view.
  await page.goto(`/leads?q=${surname}`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const saved = await (await download).path();
  expect(saved).toBeTruthy();
  const file = await readFile(saved ?? "");
  expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  const lines = file.toString("utf8").slice(1).trim().split("\r\n");
  expect(lines[0]).toBe("First name,Last name,Email,Phone,Company,Job title,Status,Source,Estimated value,Assignee,Notes,Created (UTC),Updated (UTC)");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`Zelda,${surname},zelda.${surname.toLowerCase()}@jazz.example,,Jazz Age Inc,,Qualified,Other,4500`);
});

test("drag a card to another column on the board, with the mouse and with the keyboard", async ({ page }) => {
  const tag = unique();
  // On top of the New column (the lowest position).
  await insertDemoLead({ firstName: "Mouse", lastName: tag, status: "new", position: "-99999999999" });
  await insertDemoLead({ firstName: "Keys", lastName: tag, status: "new", position: "-99999999998" });
  await signInAsAda(page);
  await page.goto("/leads/board");
  const newColumn = page.getByTestId("board-column-new");
  const contacted = page.getByTestId("board-column-contacted");
  const mouseCard = newColumn.getByTestId("board-card").filter({ hasText: `Mouse ${tag}` });
  await expect(mouseCard).toBeVisible();
  // The columns' totals load after the cards.
  await expect(contacted.getByTestId("column-count")).toBeVisible();
  const contactedBefore = Number(await contacted.getByTestId("column-count").textContent());

  // The mouse: press, move in steps (the drag starts after 5 px), release over the other column.
  const from = await mouseCard.boundingBox();
  const to = await contacted.getByTestId("board-card").first().boundingBox();
  if (!from || !to) throw new Error("The cards are not on screen");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 10, { steps: 15 });
  await page.mouse.up();
  await expect(contacted.getByTestId("board-card").filter({ hasText: `Mouse ${tag}` })).toBeVisible();
  await expect(page.getByText(`Mouse ${tag} moved to Contacted.`)).toBeVisible();
  await expect(contacted.getByTestId("column-count")).toHaveText(String(contactedBefore + 1));

  // The keyboard: focus the card, Space to lift, an arrow to the next column, Space to drop.
  // Each key waits for the board's announcement (its live region), as a screen-reader user hears
  // it: dnd-kit listens for the arrows only once the lift is under way, and drops where it last
  // announced being over.
  const announcement = page.locator('[id^="DndLiveRegion"]');
  const keysCard = newColumn.getByTestId("board-card").filter({ hasText: `Keys ${tag}` });
  await keysCard.focus();
  await page.keyboard.press("Space");
  await expect(announcement).toHaveText(new RegExp(`^(Picked up Keys ${tag}\\.|Keys ${tag} is over .* in New\\.)$`));
  await page.keyboard.press("ArrowRight");
  await expect(announcement).toHaveText(new RegExp(`^Keys ${tag} is over .*Contacted`));
  await page.keyboard.press("Space");
  await expect(contacted.getByTestId("board-card").filter({ hasText: `Keys ${tag}` })).toBeVisible();
  await expect(page.getByText(`Keys ${tag} moved to Contacted.`)).toBeVisible();

  // Both moves were saved: they are there after a reload.
  await page.reload();
  await expect(page.getByTestId("board-column-contacted").getByTestId("board-card").filter({ hasText: tag })).toHaveCount(2);
});

test("import a small CSV with one bad row: review the problem, then import the valid rows", async ({ page }) => {
  const tag = unique();
  await signInAsAda(page);
  await page.goto("/leads/import");
  const csv = `Name,E-mail,Stage\nAda Import${tag},ada.${tag}@example.com,Qualified\nBad Row${tag},not-an-email,New\nAlan Import${tag},alan.${tag}@example.com,won\n`;
  await page.getByLabel("CSV file").setInputFiles({ name: "leads.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  // The mapping is guessed from the header.
  await expect(page.getByLabel("Full name (split into first and last)")).toHaveValue("0");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("1");
  await page.getByRole("button", { name: "Check and import" }).click();
  await expect(page.getByText("1 of 3 rows has a problem")).toBeVisible();
  await expect(page.getByTestId("import-error")).toContainText("Enter a valid email address");
  await expect(page).toHaveURL(/\/leads\/import\?id=/);
  await page.getByRole("button", { name: "Import the 2 valid rows" }).click();
  await expect(page.getByText("Import complete")).toBeVisible();
  await expect(page.getByText("2 created")).toBeVisible();

  await page.goto(`/leads?q=${tag}`);
  await expect(page.getByTestId("lead-row")).toHaveCount(2);
});
