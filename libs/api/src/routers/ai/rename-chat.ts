import { renameChat } from "@saas/ai";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";
import { chatIdInput } from "./schemas";

export const renameChatProcedure = organizationProcedure
  .meta({ permission: { ai: ["use"] } })
  .input(chatIdInput.extend({ title: z.string().trim().min(1, "Enter a title").max(80, "Use at most 80 characters") }))
  .output(z.object({ id: z.uuid(), title: z.string() }))
  .mutation(({ ctx, input }) => ctx.tenant((tx) => renameChat(tx, { organizationId: ctx.organization.id, userId: ctx.member.userId }, input.id, input.title)));
