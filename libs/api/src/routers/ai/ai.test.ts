import { aiChatTable, aiMessageTable, TENANT_ROLE } from "@saas/db";
import { expectPgError, PgError } from "@saas/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiHarness, type ApiHarness, type OrganizationFixture } from "../../testing";

// Chats are private to their author inside the organization: through tRPC, and in SQL as app_tenant.

let h: ApiHarness;
let org: OrganizationFixture;

beforeAll(async () => {
  h = await createApiHarness();
  org = await h.organization("AI chats");
});
afterAll(() => h.dispose());

describe("AI chats through the API", () => {
  it("a member creates, lists, renames and deletes their own chats", async () => {
    const chat = await org.member.caller.ai.createChat();
    expect(chat.title).toBe("New chat");
    expect((await org.member.caller.ai.chats()).map((c) => c.id)).toContain(chat.id);
    expect(await org.member.caller.ai.renameChat({ id: chat.id, title: "  Q3 pipeline  " })).toEqual({ id: chat.id, title: "Q3 pipeline" });
    expect(await org.member.caller.ai.chat({ id: chat.id })).toMatchObject({ id: chat.id, title: "Q3 pipeline", messages: [] });
    await org.member.caller.ai.deleteChat({ id: chat.id });
    expect((await org.member.caller.ai.chats()).map((c) => c.id)).not.toContain(chat.id);
  });

  it("another member of the same organization cannot list, read, rename or delete them; nothing changes", async () => {
    const chat = await org.owner.caller.ai.createChat();
    await h.db.insert(aiMessageTable).values({ chatId: chat.id, organizationId: org.id, userId: org.owner.userId, messageId: "m1", role: "user", parts: [{ type: "text", text: "owner's secret question" }] });
    const before = await h.db.select().from(aiChatTable).where(eq(aiChatTable.id, chat.id));

    expect((await org.admin.caller.ai.chats()).map((c) => c.id)).not.toContain(chat.id);
    await expect(org.admin.caller.ai.chat({ id: chat.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(org.member.caller.ai.renameChat({ id: chat.id, title: "mine now" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(org.member.caller.ai.deleteChat({ id: chat.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await h.db.select().from(aiChatTable).where(eq(aiChatTable.id, chat.id))).toEqual(before);
    expect(await h.db.select().from(aiMessageTable).where(eq(aiMessageTable.chatId, chat.id))).toHaveLength(1);
  });

  it("in SQL as app_tenant, a colleague's transaction sees and changes none of them", async () => {
    const chat = await org.owner.caller.ai.createChat();
    const asColleague = <T>(statement: ReturnType<typeof sql>) =>
      h.db.withTenant(org.id, (tx) => tx.execute<T & Record<string, unknown>>(statement), { actorId: org.member.userId });
    expect(await asColleague(sql`select id from ai_chat where id = ${chat.id}`)).toEqual([]);
    expect(await asColleague(sql`update ai_chat set title = 'x' where id = ${chat.id} returning id`)).toEqual([]);
    expect(await asColleague(sql`delete from ai_chat where id = ${chat.id} returning id`)).toEqual([]);
    await expectPgError(
      h.db.withTenant(org.id, (tx) => tx.execute(sql`insert into ai_chat (organization_id, user_id) values (${org.id}, ${org.owner.userId})`), { actorId: org.member.userId }),
      PgError.insufficientPrivilege,
    );
    const [role] = await h.db.withTenant(org.id, (tx) => tx.execute<{ role: string }>(sql`select current_user as role`), { actorId: org.member.userId });
    expect(role?.role).toBe(TENANT_ROLE);
    expect(await h.db.select({ title: aiChatTable.title }).from(aiChatTable).where(eq(aiChatTable.id, chat.id))).toEqual([{ title: "New chat" }]);
  });

  it("the assistant's status: not configured says why; credits from the plan", async () => {
    const status = await org.member.caller.ai.status();
    expect(status).toMatchObject({ configured: false, reason: expect.stringContaining("AI_PROVIDER"), included: true, canBuyCredits: false });
    expect((await org.owner.caller.ai.status()).canBuyCredits).toBe(true);
  });

  it("bad input is refused by field", async () => {
    await expect(org.member.caller.ai.renameChat({ id: "not-a-uuid", title: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const chat = await org.member.caller.ai.createChat();
    await expect(org.member.caller.ai.renameChat({ id: chat.id, title: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await org.member.caller.ai.chat({ id: chat.id })).title).toBe("New chat");
  });
});
