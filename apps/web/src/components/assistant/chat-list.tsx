"use client";

import { Button, EmptyState, toast } from "@saas/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "../../trpc/client";
import { problemOfApiError } from "../../trpc/problem";
import { formatDate } from "../format";
import type { ChatSummary } from "./assistant-types";

interface ChatListProps {
  chats: ChatSummary[];
  activeId: string | null;
  onNewChat: () => void;
  /** The open chat was deleted. */
  onActiveDeleted: () => void;
}

const iconButton =
  "inline-flex size-8 shrink-0 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:focus-visible:outline-zinc-100";

/** The person's chats, most recent first: open one, rename it in place, delete it (after a confirmation). */
export function ChatList({ chats, activeId, onNewChat, onActiveDeleted }: ChatListProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ChatSummary | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ai.chats.queryKey() });

  const rename = useMutation(
    trpc.ai.renameChat.mutationOptions({
      onSuccess: () => {
        setRenaming(null);
        void refresh();
      },
      onError: (error) => toast.error(problemOfApiError(error).message),
    }),
  );
  const remove = useMutation(
    trpc.ai.deleteChat.mutationOptions({
      onSuccess: (_, { id }) => {
        toast.success("The chat was deleted.");
        void refresh();
        if (id === activeId) onActiveDeleted();
      },
      onError: (error) => toast.error(problemOfApiError(error).message),
    }),
  );

  return (
    <nav aria-label="Your chats" className="space-y-3">
      <Button className="w-full" onClick={onNewChat}>
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
          <path d="M10 4a1 1 0 0 1 1 1v4h4a1 1 0 1 1 0 2h-4v4a1 1 0 1 1-2 0v-4H5a1 1 0 1 1 0-2h4V5a1 1 0 0 1 1-1Z" />
        </svg>
        New chat
      </Button>
      {chats.length === 0 ? (
        <EmptyState title="No chats yet">Your questions and the answers are kept here.</EmptyState>
      ) : (
        <ul className="space-y-1" data-testid="chat-list">
          {chats.map((chat) => {
            const current = chat.id === activeId;
            if (renaming === chat.id) {
              return (
                <li key={chat.id}>
                  <RenameForm
                    chat={chat}
                    pending={rename.isPending}
                    error={rename.error ? (problemOfApiError(rename.error).fieldErrors?.["title"] ?? undefined) : undefined}
                    onCancel={() => {
                      rename.reset();
                      setRenaming(null);
                    }}
                    onSave={(title) => rename.mutate({ id: chat.id, title })}
                  />
                </li>
              );
            }
            return (
              <li
                key={chat.id}
                className={`group flex items-center gap-1 rounded-lg pr-1 ${current ? "bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-900"}`}
              >
                <Link
                  href={`/assistant/${chat.id}`}
                  aria-current={current ? "page" : undefined}
                  className="min-w-0 flex-1 rounded-lg px-3 py-2 focus-visible:outline-2 focus-visible:outline-zinc-900 dark:focus-visible:outline-zinc-100"
                >
                  <span className={`block truncate text-sm ${current ? "font-semibold text-zinc-900 dark:text-zinc-50" : "text-zinc-800 dark:text-zinc-200"}`}>{chat.title}</span>
                  <span className="block text-xs text-zinc-500 dark:text-zinc-400">{formatDate(chat.updatedAt)}</span>
                </Link>
                <button type="button" className={iconButton} onClick={() => setRenaming(chat.id)} title="Rename">
                  <span className="sr-only">Rename {chat.title}</span>
                  <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
                    <path d="M13.6 3.4a2 2 0 0 1 2.8 2.8l-8.5 8.5-3.6.9.9-3.6 8.4-8.6Z" />
                  </svg>
                </button>
                <button
                  type="button"
                  className={iconButton}
                  title="Delete"
                  onClick={() => {
                    setDeleting(chat);
                    dialog.current?.showModal();
                  }}
                >
                  <span className="sr-only">Delete {chat.title}</span>
                  <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4">
                    <path d="M8 2a1 1 0 0 0-1 1v1H4a1 1 0 0 0 0 2h12a1 1 0 1 0 0-2h-3V3a1 1 0 0 0-1-1H8Zm-3 6 1 9a1 1 0 0 0 1 1h6a1 1 0 0 0 1-1l1-9H5Z" />
                  </svg>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClose={() => setDeleting(null)}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id={titleId} className="text-base font-semibold">
          Delete “{deleting?.title}”?
        </h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">The chat and its messages are deleted. This cannot be undone.</p>
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button variant="danger" pending={remove.isPending} pendingLabel="Deleting…" onClick={() => deleting && remove.mutate({ id: deleting.id }, { onSuccess: () => dialog.current?.close() })}>
            Delete chat
          </Button>
        </div>
      </dialog>
    </nav>
  );
}

function RenameForm({ chat, pending, error, onSave, onCancel }: { chat: ChatSummary; pending: boolean; error?: string; onSave: (title: string) => void; onCancel: () => void }) {
  const [title, setTitle] = useState(chat.title);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim()) onSave(title.trim());
  };
  return (
    <form onSubmit={submit} className="space-y-2 rounded-lg bg-white p-2 shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-800">
      <label htmlFor={id} className="sr-only">
        Chat title
      </label>
      <input
        id={id}
        value={title}
        maxLength={80}
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the person just asked to rename this chat
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
        className="block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm text-zinc-900 focus:outline-2 focus:outline-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:focus:outline-zinc-100"
      />
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-1">
        <Button variant="ghost" className="px-2 py-1 text-xs" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" className="px-2 py-1 text-xs" pending={pending} disabled={!title.trim()}>
          Save
        </Button>
      </div>
    </form>
  );
}
