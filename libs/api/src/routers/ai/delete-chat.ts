import { deleteChat } from "@saas/ai";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";
import { chatIdInput } from "./schemas";

/** Deletes one of the person's chats and its messages (its usage stays: it happened). */
export const deleteChatProcedure = organizationProcedure
  .meta({ permission: { ai: ["use"] } })
  .input(chatIdInput)
  .output(z.object({ deleted: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await ctx.tenant((tx) => deleteChat(tx, { organizationId: ctx.organization.id, userId: ctx.member.userId }, input.id));
    return { deleted: true as const };
  });
