import { mkdir } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer, type ServerStep } from "@saas/ai/testing";
import { createDb, leadTable, organizationTable } from "@saas/db";
import { eq } from "drizzle-orm";
import type { Page } from "@playwright/test";
import { environment, expect, signIn, test } from "./support/fixtures";

// The AI assistant in a real browser against the running stack: the web app talks to a scripted
// OpenAI-compatible server (AI_PROVIDER=openai-compatible, AI_BASE_URL on environment.aiPort)
// through the production provider path. The script plays a model that calls the lead tools.

type OpenAiMessage = {
  role: string;
  content?: string | { type: string; text?: string }[] | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
};
type LeadCard = { id: string; name: string; status: string; url: string };
type ToolResult = { name: string | undefined; output: { ok?: boolean; error?: string; leads?: LeadCard[]; lead?: LeadCard; groups?: { key: string | null; label: string | null; count: number }[] } };

const textOf = (message: OpenAiMessage | undefined) =>
  typeof message?.content === "string" ? message.content : (message?.content ?? []).map((part) => part.text ?? "").join(" ");

/** A tool result as the model reads it: JSON, or a sentence (a denial). */
function parseOutput(content: string): ToolResult["output"] {
  try {
    return JSON.parse(content) as ToolResult["output"];
  } catch {
    return { ok: false, error: content };
  }
}

/** The model's next step for a chat-completions request, from the question and the tool results so far. */
function respond(body: { messages: unknown[] }): ServerStep {
  const messages = body.messages as OpenAiMessage[];
  // The chat's title, asked for after its first answer.
  if (/write a title/i.test(textOf(messages[0]))) {
    const question = /Question: (.*)/.exec(textOf(messages.at(-1)))?.[1] ?? "";
    return { text: /how many/i.test(question) ? "Leads by status" : `Leads named ${question.split(/\s+/).at(-1) ?? ""}` };
  }
  const lastUser = messages.findLastIndex((message) => message.role === "user");
  const question = textOf(messages[lastUser]);
  const toolNames = new Map(messages.flatMap((message) => (message.tool_calls ?? []).map((call) => [call.id, call.function.name] as const)));
  const results: ToolResult[] = messages
    .slice(lastUser + 1)
    .filter((message) => message.role === "tool")
    .map((message) => ({ name: toolNames.get(message.tool_call_id ?? ""), output: parseOutput(textOf(message)) }));
  const last = results.at(-1);

  const move = /move (.+?) to proposal/i.exec(question);
  if (move) {
    const surname = move[1]?.trim().split(/\s+/).at(-1) ?? "";
    if (!last) return { tool: "searchLeads", arguments: { query: surname } };
    if (last.name === "searchLeads") {
      const lead = last.output.leads?.[0];
      return lead ? { tool: "changeLeadStatus", arguments: { leadId: lead.id, status: "proposal" } } : { text: "I could not find that lead." };
    }
    return { text: last.output.ok && last.output.lead ? `Done: **${last.output.lead.name}** is now in *Proposal*.` : `That did not work: ${last.output.error ?? "denied"}.` };
  }
  const find = /find leads? named (.+?)[?.!]*$/i.exec(question);
  if (find) {
    if (!last) return { tool: "searchLeads", arguments: { query: find[1]?.trim() ?? "" } };
    const leads = last.output.leads ?? [];
    const rows = leads.map((lead) => `| [${lead.name}](${lead.url}) | ${lead.status} |`).join("\n");
    return { text: `I found ${leads.length} ${leads.length === 1 ? "lead" : "leads"}:\n\n| Lead | Status |\n| --- | --- |\n${rows}\n` };
  }
  if (/how many/i.test(question)) {
    if (!last) return { tool: "aggregateLeads", arguments: { groupBy: "status" } };
    const groups = last.output.groups ?? [];
    return { text: `Here is the pipeline:\n\n${groups.map((group) => `- **${group.label ?? group.key ?? "none"}**: ${group.count}`).join("\n")}\n\nMost leads are early in the funnel.` };
  }
  return { text: "I can search, count and update your leads. Try asking me to find a lead." };
}

let model: ScriptedOpenAiServer;

test.beforeAll(async () => {
  model = await startScriptedOpenAiServer([], { port: environment.aiPort, respond });
});
test.afterAll(async () => {
  await model.close();
});

const unique = () => randomBytes(3).toString("hex");

/** A lead of the demo organization no other spec touches, written straight to the database (setup, not under test). */
async function insertLead(firstName: string, lastName: string) {
  const db = createDb(environment.databaseUrl, { max: 1 });
  try {
    const [acme] = await db.select({ id: organizationTable.id }).from(organizationTable).where(eq(organizationTable.slug, "acme"));
    if (!acme) throw new Error("The demo organization is missing");
    // First in its column on the board, wherever it moves.
    await db.insert(leadTable).values({ organizationId: acme.id, firstName, lastName, status: "contacted", position: "-99999999990" });
  } finally {
    await db.close();
  }
}

async function signInAsAda(page: Page) {
  await page.goto("/sign-in");
  await signIn(page, { email: "ada@acme.example", password: "acme-demo-password" });
  await expect(page.getByRole("link", { name: "Assistant" })).toBeVisible();
}

async function ask(page: Page, question: string) {
  const box = page.getByLabel("Message the assistant");
  const send = page.getByRole("button", { name: "Send" });
  // Typed before the page is hydrated, the text would not reach React's state (Send stays
  // disabled): type again until Send is enabled, then send with Enter as a person does.
  await expect(async () => {
    await box.fill(question);
    await expect(send).toBeEnabled({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await box.press("Enter");
}

test("ask about a lead, then approve moving it to proposal; the board shows it there and a reload shows the chat as saved", async ({ page }) => {
  const surname = `Assist${unique()}`;
  await insertLead("Ottilie", surname);
  await signInAsAda(page);

  await page.getByRole("link", { name: "Assistant" }).click();
  await expect(page.getByRole("heading", { name: "Assistant", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ask about your leads…" })).toBeVisible();

  // A read: the search card links to the lead, the answer is Markdown (a table with a link).
  await ask(page, `Find leads named ${surname}`);
  await expect(page.getByTestId("user-message").filter({ hasText: surname })).toBeVisible();
  const search = page.locator('[data-testid="tool-card"][data-tool="searchLeads"]').first();
  await expect(search.getByRole("link", { name: `Ottilie ${surname}` })).toHaveAttribute("href", /^\/leads\/[0-9a-f-]{36}$/);
  await expect(page.getByText("I found 1 lead:")).toBeVisible();
  await expect(page.getByRole("table").filter({ hasText: "Status" }).getByRole("link", { name: `Ottilie ${surname}` })).toBeVisible();
  // The new chat has its address and is listed under the first question.
  await expect(page).toHaveURL(/\/assistant\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("chat-list").getByRole("link", { name: new RegExp(surname) })).toBeVisible();

  // A write: it waits for approval and says what will change.
  await ask(page, `Move Ottilie ${surname} to proposal`);
  const change = page.locator('[data-testid="tool-card"][data-tool="changeLeadStatus"]');
  await expect(change).toContainText(`Move Ottilie ${surname} from contacted to proposal`);
  await expect(change).toContainText("Needs your approval");
  await expect(page.getByLabel("Message the assistant")).toBeVisible();
  await change.getByRole("button", { name: "Approve" }).click();
  await expect(change.getByText("Done", { exact: true })).toBeVisible();
  await expect(page.getByText("is now in Proposal")).toBeVisible();

  // What was saved comes back on a reload.
  await page.reload();
  await expect(page.locator('[data-testid="tool-card"][data-tool="changeLeadStatus"]').getByText("Done", { exact: true })).toBeVisible();
  await expect(page.getByText("is now in Proposal")).toBeVisible();

  await page.goto("/leads/board");
  await expect(page.getByTestId("board-column-proposal").getByTestId("board-card").filter({ hasText: surname })).toBeVisible();
  await expect(page.getByTestId("board-column-contacted").getByTestId("board-card").filter({ hasText: surname })).toHaveCount(0);
});

// Screenshots for a person to look at (light, dark, a 390 px phone): only when asked for, e.g.
// E2E_SHOTS_DIR=/tmp/e2e-shots.
test("screenshots of the assistant", async ({ page }) => {
  const dir = environment.screenshotsDir;
  test.skip(!dir, "set E2E_SHOTS_DIR to take them");
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  // Colour changes animate (transition-colors): let them end before each picture.
  const shoot = async (name: string, fullPage = false) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
  };
  const surname = `Shots${unique()}`;
  await insertLead("Ada", surname);
  await signInAsAda(page);
  await page.goto("/assistant");
  await expect(page.getByRole("heading", { name: "Ask about your leads…" })).toBeVisible();
  await shoot("empty-light", true);
  await page.getByRole("button", { name: /How many leads/ }).click();
  await expect(page.getByText("Most leads are early in the funnel.")).toBeVisible();
  await ask(page, `Move Ada ${surname} to proposal`);
  await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
  // The page as the person sees it, scrolled to the end (the composer sticks to the bottom).
  await page.mouse.wheel(0, 10_000);
  await shoot("chat-light");
  await page.emulateMedia({ colorScheme: "dark" });
  await shoot("chat-dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.mouse.wheel(0, 10_000);
  await shoot("chat-390-dark");
  await page.emulateMedia({ colorScheme: "light" });
  await shoot("chat-390-light");
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByText("Denied", { exact: true })).toBeVisible();
  await expect(page.getByText("That did not work")).toBeVisible();
  await page.mouse.wheel(0, 10_000);
  await shoot("denied-390-light");
  await page.getByRole("button", { name: "Your chats" }).click();
  await shoot("list-open-390-light");
  await page.goto("/assistant");
  await expect(page.getByRole("heading", { name: "Ask about your leads…" })).toBeVisible();
  await shoot("empty-390-light", true);
  await page.emulateMedia({ colorScheme: "dark" });
  await shoot("empty-390-dark", true);
});
