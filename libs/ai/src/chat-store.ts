import { aiChatTable, aiMessageTable, type AiMessageRole, type AiMessageStatus, type Transaction } from "@saas/db";
import { notFound } from "@saas/errors";
import type { UIMessage } from "ai";
import { and, asc, desc, eq, gt, or, sql } from "drizzle-orm";

/**
 * Chats and their messages. Every function runs in a tenant transaction entered as the chat's
 * author (`withTenant(org, fn, { actorId })` or the organization tier): row-level security shows a
 * person their own chats only, so another member's chat id finds nothing — and the queries say
 * the same in their WHERE clauses.
 */

export interface ChatOwner {
  organizationId: string;
  userId: string;
}

export type StoredMessage = Omit<UIMessage, "role"> & { role: AiMessageRole; status: AiMessageStatus };

export const NEW_CHAT_TITLE = "New chat";
const TITLE_LENGTH = 80;

const ownChat = (owner: ChatOwner, id: string) =>
  and(eq(aiChatTable.id, id), eq(aiChatTable.organizationId, owner.organizationId), eq(aiChatTable.userId, owner.userId));

export async function createChat(tx: Transaction, owner: ChatOwner, title = NEW_CHAT_TITLE) {
  const [chat] = await tx
    .insert(aiChatTable)
    .values({ organizationId: owner.organizationId, userId: owner.userId, title: title.slice(0, TITLE_LENGTH) })
    .returning({ id: aiChatTable.id, title: aiChatTable.title, createdAt: aiChatTable.createdAt, updatedAt: aiChatTable.updatedAt });
  if (!chat) throw new Error("createChat: no row returned");
  return chat;
}

/** The person's chats, most recently active first. */
export function listChats(tx: Transaction, owner: ChatOwner, { limit = 50 }: { limit?: number } = {}) {
  return tx
    .select({ id: aiChatTable.id, title: aiChatTable.title, createdAt: aiChatTable.createdAt, updatedAt: aiChatTable.updatedAt })
    .from(aiChatTable)
    .where(and(eq(aiChatTable.organizationId, owner.organizationId), eq(aiChatTable.userId, owner.userId)))
    .orderBy(desc(aiChatTable.updatedAt), desc(aiChatTable.id))
    .limit(limit);
}

/** A chat with its messages in order; NOT_FOUND when it is not the person's. */
export async function getChat(tx: Transaction, owner: ChatOwner, id: string) {
  const [chat] = await tx
    .select({ id: aiChatTable.id, title: aiChatTable.title, createdAt: aiChatTable.createdAt, updatedAt: aiChatTable.updatedAt })
    .from(aiChatTable)
    .where(ownChat(owner, id));
  if (!chat) throw notFound("Chat");
  const rows = await tx
    .select()
    .from(aiMessageTable)
    .where(and(eq(aiMessageTable.chatId, id), eq(aiMessageTable.organizationId, owner.organizationId)))
    .orderBy(asc(aiMessageTable.createdAt), asc(aiMessageTable.id));
  const messages: StoredMessage[] = rows.map((row) => ({ id: row.messageId, role: row.role, parts: row.parts as UIMessage["parts"], status: row.status }));
  return { ...chat, messages };
}

export async function renameChat(tx: Transaction, owner: ChatOwner, id: string, title: string) {
  const [chat] = await tx
    .update(aiChatTable)
    .set({ title: title.trim().slice(0, TITLE_LENGTH) || NEW_CHAT_TITLE })
    .where(ownChat(owner, id))
    .returning({ id: aiChatTable.id, title: aiChatTable.title });
  if (!chat) throw notFound("Chat");
  return chat;
}

export async function deleteChat(tx: Transaction, owner: ChatOwner, id: string) {
  const deleted = await tx.delete(aiChatTable).where(ownChat(owner, id)).returning({ id: aiChatTable.id });
  if (deleted.length === 0) throw notFound("Chat");
}

/**
 * Saves one message: new ones are appended; one whose id is already in the chat is replaced in
 * place (an approval answered, an answer continued). `truncateAfter`: an edited message drops
 * every message after it, as the person sees it in the browser.
 */
export async function saveMessage(
  tx: Transaction,
  owner: ChatOwner,
  chatId: string,
  message: UIMessage,
  { status = "complete", truncateAfter = false }: { status?: AiMessageStatus; truncateAfter?: boolean } = {},
) {
  if (message.role === "system") throw new Error("saveMessage: system messages are not stored");
  // One statement: the message upserted and the chat marked active.
  const [saved] = await tx.execute<{ id: string; createdAt: string }>(sql`
    with saved as (
      insert into ai_message (organization_id, chat_id, user_id, message_id, role, parts, status)
      values (${owner.organizationId}, ${chatId}, ${owner.userId}, ${message.id}, ${message.role}, ${JSON.stringify(message.parts)}::jsonb, ${status})
      on conflict (chat_id, message_id) do update set parts = excluded.parts, status = excluded.status, updated_at = now()
      returning id, created_at
    ), touched as (
      update ai_chat set updated_at = now()
      where id = ${chatId} and organization_id = ${owner.organizationId} and user_id = ${owner.userId}
    )
    select id, created_at::text as "createdAt" from saved`);
  if (!saved) throw new Error("saveMessage: no row returned");
  if (truncateAfter) {
    await tx
      .delete(aiMessageTable)
      .where(
        and(
          eq(aiMessageTable.chatId, chatId),
          eq(aiMessageTable.organizationId, owner.organizationId),
          or(
            gt(aiMessageTable.createdAt, sql`${saved.createdAt}::timestamptz`),
            and(eq(aiMessageTable.createdAt, sql`${saved.createdAt}::timestamptz`), gt(aiMessageTable.id, saved.id)),
          ),
        ),
      );
  }
}

/** The title the first exchange gave the chat (unless the person has renamed it meanwhile). */
export async function titleFirstExchange(tx: Transaction, owner: ChatOwner, chatId: string, text: string) {
  const title = text.replace(/\s+/g, " ").trim();
  if (!title) return;
  await tx
    .update(aiChatTable)
    .set({ title: title.length > TITLE_LENGTH ? `${title.slice(0, TITLE_LENGTH - 1)}…` : title })
    .where(and(ownChat(owner, chatId), eq(aiChatTable.title, NEW_CHAT_TITLE)));
}
