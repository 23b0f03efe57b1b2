import { aiUsageTable } from "@saas/db";
import { createTestDatabase, createTestTenant, type TestDatabase, type TestTenant } from "@saas/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamChatTurn } from "./chat";
import { createChat, getChat } from "./chat-store";
import { readAiConfig } from "./env";
import { createChatModel } from "./model";
import { readUIStream, startScriptedOpenAiServer, type ScriptedOpenAiServer } from "./testing";

// The production path once: AI_PROVIDER=openai-compatible, the official provider package, real
// HTTP to a server on 127.0.0.1 that streams a scripted answer with a tool call.

let t: TestDatabase;
let a: TestTenant;
let server: ScriptedOpenAiServer;

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTestTenant(t.db);
  server = await startScriptedOpenAiServer([
    { tool: "searchLeads", arguments: { query: "Lovelace" }, usage: { prompt: 900, completion: 40 } },
    { text: "Ada Lovelace is the one lead matching.", usage: { prompt: 1_300, completion: 60 } },
    { text: "Finding Lovelace", usage: { prompt: 200, completion: 4 } }, // the chat's title
  ]);
});
afterAll(async () => {
  await server.close();
  await t.dispose();
});

describe("the openai-compatible provider over HTTP", () => {
  it("streams a scripted answer with a tool call; the route's persistence and metering see what the server reported", async () => {
    const config = readAiConfig({ AI_PROVIDER: "openai-compatible", AI_MODEL: "scripted-model", AI_BASE_URL: server.baseUrl, AI_API_KEY: "local-key" });
    if (!config.configured) throw new Error(config.reason);
    const { model, id } = createChatModel(config);
    expect(id).toBe("openai-compatible:scripted-model");
    const chat = await t.db.withTenant(a.organization.id, (tx) => createChat(tx, { organizationId: a.organization.id, userId: a.owner.id }), { actorId: a.owner.id });

    const response = await streamChatTurn({
      db: t.db,
      model,
      modelId: id,
      member: { organizationId: a.organization.id, organizationName: a.organization.name, userId: a.owner.id, name: a.owner.name, role: "owner" },
      request: { chatId: chat.id, message: { id: "u1", role: "user", parts: [{ type: "text", text: "Who is Lovelace?" }] } },
      monthlyAllowance: 100,
      leadLimit: null,
      rateLimitPerMinute: 100,
      approvalSecret: "test-approval-secret-0123456789-0123456789",
    });
    const chunks = await readUIStream(response);
    expect(chunks.find((c) => c.type === "tool-output-available")?.["output"]).toMatchObject({ ok: true, leads: [{ id: a.lead.id }] });
    expect(chunks.filter((c) => c.type === "text-delta").map((c) => c["delta"]).join("")).toBe("Ada Lovelace is the one lead matching.");

    let usage: typeof aiUsageTable.$inferSelect | undefined;
    for (let tries = 0; tries < 100 && usage?.status !== "settled"; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      [usage] = await t.db.select().from(aiUsageTable).where(eq(aiUsageTable.chatId, chat.id));
    }
    // Usage summed over the three model calls (tool call, answer, title), as the server reported it.
    expect(usage).toMatchObject({ status: "settled", model: "openai-compatible:scripted-model", inputTokens: 2_400, outputTokens: 104, credits: 3, allowanceCredits: 3 });

    // What went over the wire: the key, the tools, usage asked for, and the system prompt naming the organization.
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.authorization).toBe("Bearer local-key");
    expect(server.requests[0]?.body).toMatchObject({ model: "scripted-model", stream_options: { include_usage: true } });
    expect(JSON.stringify(server.requests[0]?.body.messages)).toContain(a.organization.name);
    expect(JSON.stringify(server.requests[1]?.body.messages)).toContain(a.lead.id); // the tool's result went back to the model

    const saved = await t.db.withTenant(a.organization.id, (tx) => getChat(tx, { organizationId: a.organization.id, userId: a.owner.id }, chat.id), { actorId: a.owner.id });
    expect(saved.title).toBe("Finding Lovelace");
    expect(saved.messages.map((m) => [m.role, m.parts.map((p) => p.type).filter((type) => type !== "step-start")])).toEqual([
      ["user", ["text"]],
      ["assistant", ["tool-searchLeads", "text"]],
    ]);
  });
});
