import { createChat } from "@saas/ai";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";
import { chatSummarySchema } from "./schemas";

export const createChatProcedure = organizationProcedure
  .meta({ permission: { ai: ["use"] } })
  .input(z.object({}).optional())
  .output(chatSummarySchema)
  .mutation(({ ctx }) => ctx.tenant((tx) => createChat(tx, { organizationId: ctx.organization.id, userId: ctx.member.userId })));
