import { getChat } from "@saas/ai";
import { organizationProcedure } from "../../procedures";
import { chatIdInput, chatSummarySchema, storedMessageSchema } from "./schemas";

/** One of the person's chats with its messages (what was saved, also after a reload mid-answer). */
export const getChatProcedure = organizationProcedure
  .meta({ permission: { ai: ["use"] } })
  .input(chatIdInput)
  .output(chatSummarySchema.extend({ messages: storedMessageSchema.array() }))
  .query(async ({ ctx, input }) => {
    const chat = await ctx.tenant((tx) => getChat(tx, { organizationId: ctx.organization.id, userId: ctx.member.userId }, input.id));
    return { ...chat, messages: chat.messages.map(({ id, role, status, parts }) => ({ id, role, status, parts: parts as { type: string }[] })) };
  });
