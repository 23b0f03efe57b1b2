import { z } from "zod";

export const chatIdInput = z.object({ id: z.uuid("Unknown chat") });

export const chatSummarySchema = z.object({ id: z.uuid(), title: z.string(), createdAt: z.date(), updatedAt: z.date() });

export const storedMessageSchema = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant"]),
  status: z.enum(["complete", "stopped", "failed"]),
  parts: z.array(z.looseObject({ type: z.string() })),
});
