import { listChats } from "@saas/ai";
import { z } from "zod";
import { organizationProcedure } from "../../procedures";
import { chatSummarySchema } from "./schemas";

/** The person's own chats in this organization, most recently active first (others' are private). */
export const listChatsProcedure = organizationProcedure
  .meta({ permission: { ai: ["use"] } })
  .input(z.object({}).optional())
  .output(z.array(chatSummarySchema))
  .query(({ ctx }) => ctx.tenant((tx) => listChats(tx, { organizationId: ctx.organization.id, userId: ctx.member.userId })));
