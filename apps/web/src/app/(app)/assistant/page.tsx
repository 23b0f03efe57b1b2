import { PageTitle } from "@saas/ui";
import type { Metadata } from "next";
import { AssistantNotConfigured } from "../../../components/assistant/not-configured";
import { AssistantWorkspace } from "../../../components/assistant/assistant-workspace";
import { loadAssistant } from "./load";

export const metadata: Metadata = { title: "Assistant" };

/** A new chat: it is created when the first question is sent. */
export default async function AssistantPage() {
  const { active, status, chats } = await loadAssistant();
  return (
    <>
      <PageTitle title="Assistant" description={`Ask about ${active.name}'s leads. Changes wait for your approval.`} />
      {status.configured ? <AssistantWorkspace initialStatus={status} initialChats={chats} initialChat={null} /> : <AssistantNotConfigured reason={status.reason} />}
    </>
  );
}
