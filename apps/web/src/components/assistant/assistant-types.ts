import type { AppRouter } from "@saas/api";
import type { inferRouterOutputs } from "@trpc/server";

// The shapes the assistant's procedures answer with, as the browser receives them (superjson keeps the Dates).
type AiOutputs = inferRouterOutputs<AppRouter>["ai"];

export type AssistantStatus = AiOutputs["status"];
export type ChatSummary = AiOutputs["chats"][number];
export type ChatWithMessages = AiOutputs["chat"];
