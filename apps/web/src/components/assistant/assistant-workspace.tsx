"use client";

import { Alert, buttonClassName } from "@saas/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useId, useState } from "react";
import { useTRPC } from "../../trpc/client";
import type { AssistantStatus, ChatSummary, ChatWithMessages } from "./assistant-types";
import { ChatList } from "./chat-list";
import { ChatPanel, type SavedMessage } from "./chat-panel";

interface AssistantWorkspaceProps {
  initialStatus: AssistantStatus;
  initialChats: ChatSummary[];
  /** The chat in the address (`/assistant/<id>`), or null on `/assistant` (a new chat). */
  initialChat: ChatWithMessages | null;
}

const formatCredits = (value: number) => value.toLocaleString("en-US");

/** The assistant: the person's chats beside the open one. */
export function AssistantWorkspace({ initialStatus, initialChats, initialChat }: AssistantWorkspaceProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const listId = useId();
  const [activeId, setActiveId] = useState<string | null>(initialChat?.id ?? null);
  const [newChatNonce, setNewChatNonce] = useState(0);
  const [listOpen, setListOpen] = useState(false);
  const chats = useQuery({ ...trpc.ai.chats.queryOptions(), initialData: initialChats });
  const status = useQuery({ ...trpc.ai.status.queryOptions(), initialData: initialStatus });
  const create = useMutation(trpc.ai.createChat.mutationOptions());
  const { mutateAsync: createChatAsync } = create;

  const createChat = useCallback(async () => {
    const chat = await createChatAsync(undefined);
    setActiveId(chat.id);
    // The address follows (a reload opens this chat) without leaving the page mid-answer.
    window.history.replaceState(null, "", `/assistant/${chat.id}`);
    void queryClient.invalidateQueries({ queryKey: trpc.ai.chats.queryKey() });
    return chat.id;
  }, [createChatAsync, queryClient, trpc]);

  const onTurnEnd = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.ai.status.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.ai.chats.queryKey() });
  }, [queryClient, trpc]);

  const startNewChat = () => {
    setListOpen(false);
    setActiveId(null);
    setNewChatNonce((nonce) => nonce + 1);
    router.push("/assistant");
  };

  const { credits, canBuyCredits, included } = status.data;
  const list = chats.data;
  const title = list.find((chat) => chat.id === activeId)?.title ?? (activeId ? (initialChat?.title ?? "Chat") : "New chat");

  return (
    <div className="grid gap-6 md:grid-cols-[15rem_minmax(0,1fr)]">
      <div className="md:sticky md:top-4 md:self-start">
        <button
          type="button"
          className={buttonClassName("secondary", "w-full justify-between md:hidden")}
          aria-expanded={listOpen}
          aria-controls={listId}
          onClick={() => setListOpen((open) => !open)}
        >
          <span>Your chats ({list.length})</span>
          <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className={`size-4 transition-transform ${listOpen ? "rotate-180" : ""}`}>
            <path d="M5.2 7.2a1 1 0 0 1 1.4 0L10 10.6l3.4-3.4a1 1 0 1 1 1.4 1.4l-4.1 4.1a1 1 0 0 1-1.4 0L5.2 8.6a1 1 0 0 1 0-1.4Z" />
          </svg>
        </button>
        <div id={listId} className={`${listOpen ? "mt-3 block" : "hidden"} md:mt-0 md:block`}>
          <ChatList
            chats={list}
            activeId={activeId}
            onNewChat={startNewChat}
            onActiveDeleted={() => {
              setActiveId(null);
              setNewChatNonce((nonce) => nonce + 1);
              router.push("/assistant");
            }}
          />
        </div>
      </div>
      <section aria-labelledby="chat-title" className="min-w-0">
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-zinc-200 pb-3 dark:border-zinc-800">
          <h2 id="chat-title" className="min-w-0 truncate text-base font-semibold text-zinc-900 dark:text-zinc-50">
            {title}
          </h2>
          {credits.available !== null ? (
            <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="credits-left">
              {formatCredits(credits.available)} AI credits left
              {canBuyCredits && credits.available < 10 ? (
                <>
                  {" · "}
                  <Link href="/billing" className="underline underline-offset-2">
                    Buy credits
                  </Link>
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        {included ? (
          <ChatPanel
            key={initialChat?.id ?? `new-${newChatNonce}`}
            chatId={initialChat?.id ?? null}
            initialMessages={(initialChat?.messages ?? []) as SavedMessage[]}
            canBuyCredits={canBuyCredits}
            createChat={createChat}
            onTurnEnd={onTurnEnd}
          />
        ) : (
          <Alert tone="warning" title="Your plan does not include the AI assistant">
            <p>{canBuyCredits ? "Upgrade on the Billing page to use it." : "Ask an owner or admin of your organization to upgrade the plan."}</p>
            {canBuyCredits ? (
              <Link href="/billing" className={buttonClassName("secondary", "mt-3")}>
                See plans
              </Link>
            ) : null}
          </Alert>
        )}
      </section>
    </div>
  );
}
