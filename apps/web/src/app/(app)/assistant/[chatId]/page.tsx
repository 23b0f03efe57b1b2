import { PageTitle } from "@saas/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AssistantNotConfigured } from "../../../../components/assistant/not-configured";
import { AssistantWorkspace } from "../../../../components/assistant/assistant-workspace";
import { api } from "../../../../server/api";
import { loadAssistant } from "../load";

export const metadata: Metadata = { title: "Assistant" };

async function loadChat(id: string) {
  try {
    return await api.ai.chat({ id });
  } catch (error) {
    // Someone else's chat, a deleted one or a malformed id all look the same: not found.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

/** One saved chat, as it was saved (a stopped or failed answer says so). */
export default async function AssistantChatPage({ params }: { params: Promise<{ chatId: string }> }) {
  const [{ active, status, chats }, { chatId }] = await Promise.all([loadAssistant(), params]);
  const chat = status.configured ? await loadChat(chatId) : null;
  return (
    <>
      <PageTitle title="Assistant" description={`Ask about ${active.name}'s leads. Changes wait for your approval.`} />
      {status.configured && chat ? <AssistantWorkspace initialStatus={status} initialChats={chats} initialChat={chat} /> : <AssistantNotConfigured reason={status.reason} />}
    </>
  );
}
