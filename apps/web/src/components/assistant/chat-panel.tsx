"use client";

import { useChat } from "@ai-sdk/react";
import { Button, Spinner } from "@saas/ui";
import { DefaultChatTransport, isToolUIPart, lastAssistantMessageIsCompleteWithApprovalResponses, type UIMessage } from "ai";
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ChatErrorBanner, problemOfChatError } from "./chat-error";
import { Markdown } from "./markdown";
import { ToolCard } from "./tool-cards";
import { awaitsApproval, leadsSeenIn } from "./tool-data";

export type MessageStatus = "complete" | "stopped" | "failed";
export interface SavedMessage {
  id: string;
  role: "user" | "assistant";
  status: MessageStatus;
  parts: { type: string }[];
}

export const EXAMPLE_PROMPTS = [
  "Which leads were created this month?",
  "How many leads do we have in each status, and what are they worth?",
  "Find the leads from Initech and tell me who owns them.",
];

interface ChatPanelProps {
  /** Null for a new chat: it is created when the first question is sent. */
  chatId: string | null;
  initialMessages: SavedMessage[];
  canBuyCredits: boolean;
  createChat: () => Promise<string>;
  /** A turn ended (answered, stopped or failed): credits and titles may have changed. */
  onTurnEnd: () => void;
}

const textOf = (message: UIMessage) =>
  message.parts
    .flatMap((part) => (part.type === "text" ? [part.text] : []))
    .join("\n")
    .trim();

/**
 * How a chat's turns reach POST /api/chat: only the newest message (the server keeps the history),
 * for this chat — which, for a new chat, is created on its first question, once.
 */
class ChatRequests {
  private creating: Promise<string> | null = null;
  constructor(
    private chatId: string | null,
    private readonly create: () => Promise<string>,
  ) {}

  private async ensureChat(): Promise<string> {
    if (this.chatId) return this.chatId;
    this.creating ??= this.create().catch((error: unknown) => {
      this.creating = null;
      throw error;
    });
    this.chatId = await this.creating;
    return this.chatId;
  }

  readonly transport = new DefaultChatTransport({
    api: "/api/chat",
    prepareSendMessagesRequest: async ({ messages }) => ({ body: { chatId: await this.ensureChat(), message: messages.at(-1) } }),
  });
}

/** One chat: the messages, streamed answers with their tool cards, and the composer. */
export function ChatPanel({ chatId, initialMessages, canBuyCredits, createChat, onTurnEnd }: ChatPanelProps) {
  const fallbackId = useId();
  const composerId = `${fallbackId}-composer`;
  // Example prompts and approval buttons disappear once used: focus goes on to the composer.
  const focusComposer = () => requestAnimationFrame(() => document.getElementById(composerId)?.focus());
  const [requests] = useState(() => new ChatRequests(chatId, createChat));
  const [statuses, setStatuses] = useState<Record<string, MessageStatus>>(() => Object.fromEntries(initialMessages.map((message) => [message.id, message.status])));
  const { messages, sendMessage, regenerate, stop, status, error, clearError, addToolApprovalResponse } = useChat({
    id: chatId ?? `new-chat-${fallbackId}`,
    messages: initialMessages as unknown as UIMessage[],
    transport: requests.transport,
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
    onFinish: ({ message, isAbort, isError }) => {
      if (message.role === "assistant" && message.parts.length > 0 && (isAbort || isError)) {
        setStatuses((current) => ({ ...current, [message.id]: isAbort ? "stopped" : "failed" }));
      }
      onTurnEnd();
    },
  });

  const busy = status === "submitted" || status === "streaming";
  const last = messages.at(-1);
  const waitingForApproval = !busy && awaitsApproval(last);
  const knownLeads = useMemo(() => leadsSeenIn(messages), [messages]);
  const lastUserIndex = messages.findLastIndex((message) => message.role === "user");
  const [editing, setEditing] = useState<string | null>(null);
  const problem = error ? problemOfChatError(error) : null;

  // Follow the answer as it streams, unless the person scrolled up to read.
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const nearBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 240;
    if (nearBottom) end.current?.scrollIntoView({ block: "end" });
  }, [messages, status]);

  const send = (text: string) => {
    if (error) clearError();
    void sendMessage({ text });
  };
  const retry = () => {
    clearError();
    void regenerate();
  };

  return (
    <div className="flex min-h-[50vh] flex-col">
      {messages.length === 0 ? (
        <EmptyChat
          onPick={(text) => {
            send(text);
            focusComposer();
          }}
          disabled={busy}
        />
      ) : (
        <div role="log" aria-live="polite" aria-busy={busy} aria-label="Conversation" className="flex-1 space-y-5 pb-4">
          {messages.map((message, index) => {
            const isLast = index === messages.length - 1;
            if (message.role === "user") {
              const canEdit = index === lastUserIndex && !busy;
              return editing === message.id ? (
                <EditMessage
                  key={message.id}
                  initial={textOf(message)}
                  onCancel={() => setEditing(null)}
                  onSave={(text) => {
                    setEditing(null);
                    if (error) clearError();
                    void sendMessage({ text, messageId: message.id });
                  }}
                />
              ) : (
                <UserMessage key={message.id} message={message} onEdit={canEdit ? () => setEditing(message.id) : undefined} />
              );
            }
            const streamingThis = isLast && busy;
            return (
              <AssistantMessage
                key={message.id}
                message={message}
                streaming={streamingThis}
                status={statuses[message.id]}
                knownLeads={knownLeads}
                onApproval={
                  isLast && !busy
                    ? (id, approved) => {
                        if (error) clearError();
                        void addToolApprovalResponse({ id, approved });
                        focusComposer();
                      }
                    : undefined
                }
                onRegenerate={isLast && !busy && !waitingForApproval ? retry : undefined}
              />
            );
          })}
          {status === "submitted" && last?.role !== "assistant" ? <Thinking /> : null}
        </div>
      )}
      <div ref={end} />
      <div className="sticky bottom-0 -mx-1 mt-2 space-y-3 bg-zinc-50/95 px-1 pb-3 pt-2 backdrop-blur dark:bg-zinc-950/95">
        {problem ? <ChatErrorBanner problem={problem} canBuyCredits={canBuyCredits} onRetry={messages.length > 0 ? retry : undefined} onDismiss={clearError} /> : null}
        <p role="status" className="sr-only">
          {status === "submitted" ? "The assistant is thinking." : status === "streaming" ? "The assistant is answering." : waitingForApproval ? "A change waits for your approval." : ""}
        </p>
        <Composer
          id={composerId}
          busy={busy}
          blockedReason={waitingForApproval ? "Approve or deny the change above to continue." : null}
          onSend={send}
          onStop={() => void stop()}
        />
      </div>
    </div>
  );
}

function EmptyChat({ onPick, disabled }: { onPick: (text: string) => void; disabled: boolean }) {
  return (
    <div className="flex flex-1 flex-col items-center justify-center py-10 text-center">
      <h2 className="text-lg font-semibold text-zinc-900 dark:text-zinc-50">Ask about your leads…</h2>
      <p className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">
        The assistant searches and counts your organization&apos;s leads, and can create, move or assign them once you approve.
      </p>
      <ul className="mt-6 grid w-full max-w-xl gap-2" aria-label="Example questions">
        {EXAMPLE_PROMPTS.map((prompt) => (
          <li key={prompt}>
            <button
              type="button"
              disabled={disabled}
              onClick={() => onPick(prompt)}
              className="w-full rounded-lg border border-zinc-200 bg-white px-4 py-3 text-left text-sm text-zinc-800 shadow-sm hover:border-zinc-300 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900 disabled:opacity-60 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:border-zinc-700 dark:hover:bg-zinc-800 dark:focus-visible:outline-zinc-100"
            >
              {prompt}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function UserMessage({ message, onEdit }: { message: UIMessage; onEdit?: () => void }) {
  return (
    <div className="flex flex-col items-end gap-1" data-testid="user-message">
      <h3 className="sr-only">You said</h3>
      <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-md bg-zinc-900 px-4 py-2 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900">
        {textOf(message)}
      </div>
      {onEdit ? (
        <button type="button" onClick={onEdit} className="rounded px-1 text-xs font-medium text-zinc-600 hover:text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:focus-visible:outline-zinc-100">
          Edit<span className="sr-only"> your last message</span>
        </button>
      ) : null}
    </div>
  );
}

/** Enter sends; Shift+Enter is a new line, and Enter while composing (an IME) is not a send. */
const isSendKey = (event: KeyboardEvent<HTMLTextAreaElement>) => event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing;

function EditMessage({ initial, onSave, onCancel }: { initial: string; onSave: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState(initial);
  const id = useId();
  const submit = (event: { preventDefault(): void }) => {
    event.preventDefault();
    if (text.trim()) onSave(text.trim());
  };
  return (
    <form onSubmit={submit} className="ml-auto w-full max-w-[85%] space-y-2">
      <label htmlFor={id} className="sr-only">
        Edit your message
      </label>
      <textarea
        id={id}
        value={text}
        // eslint-disable-next-line jsx-a11y/no-autofocus -- the person just asked to edit this message
        autoFocus
        rows={3}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
          else if (isSendKey(event)) submit(event);
        }}
        className="block w-full resize-y rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm focus:outline-2 focus:outline-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:focus:outline-zinc-100"
      />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" className="px-3 py-1.5" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" className="px-3 py-1.5" disabled={!text.trim()}>
          Save and resend
        </Button>
      </div>
    </form>
  );
}

interface AssistantMessageProps {
  message: UIMessage;
  streaming: boolean;
  status?: MessageStatus;
  knownLeads: ReturnType<typeof leadsSeenIn>;
  onApproval?: (approvalId: string, approved: boolean) => void;
  onRegenerate?: () => void;
}

function AssistantMessage({ message, streaming, status, knownLeads, onApproval, onRegenerate }: AssistantMessageProps) {
  const visible = message.parts.filter((part) => (part.type === "text" && part.text.trim()) || isToolUIPart(part));
  return (
    <article className="space-y-2" data-testid="assistant-message" aria-label="Assistant">
      <h3 className="sr-only">The assistant said</h3>
      <div className="max-w-none space-y-2 text-sm leading-relaxed text-zinc-800 dark:text-zinc-200">
        {visible.map((part, index) =>
          part.type === "text" ? (
            <div key={index} className="break-words">
              <Markdown text={part.text} />
            </div>
          ) : isToolUIPart(part) ? (
            <ToolCard key={part.toolCallId} part={part} knownLeads={knownLeads} onApproval={onApproval} />
          ) : null,
        )}
        {streaming && visible.length === 0 ? <Thinking /> : null}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {status === "stopped" ? <StatusTag tone="neutral">Stopped</StatusTag> : null}
        {status === "failed" ? <StatusTag tone="error">Failed</StatusTag> : null}
        {onRegenerate ? (
          <button type="button" onClick={onRegenerate} className="rounded px-1 text-xs font-medium text-zinc-600 hover:text-zinc-900 hover:underline focus-visible:outline-2 focus-visible:outline-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:focus-visible:outline-zinc-100">
            Regenerate<span className="sr-only"> the last answer</span>
          </button>
        ) : null}
      </div>
    </article>
  );
}

function StatusTag({ tone, children }: { tone: "neutral" | "error"; children: string }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        tone === "error" ? "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900" : "bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700"
      }`}
    >
      {children}
    </span>
  );
}

function Thinking() {
  return (
    <div className="flex items-center gap-2 text-sm text-zinc-500 dark:text-zinc-400" data-testid="thinking">
      <Spinner />
      <span>Thinking…</span>
    </div>
  );
}

function Composer({ id, busy, blockedReason, onSend, onStop }: { id: string; busy: boolean; blockedReason: string | null; onSend: (text: string) => void; onStop: () => void }) {
  const [text, setText] = useState("");
  const hintId = `${id}-hint`;
  const input = useRef<HTMLTextAreaElement>(null);
  const canSend = text.trim().length > 0 && !busy && !blockedReason;
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text.trim());
    setText("");
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (isSendKey(event)) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form onSubmit={submit} className="rounded-xl border border-zinc-300 bg-white p-2 shadow-sm focus-within:outline-2 focus-within:outline-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:focus-within:outline-zinc-100">
      <label htmlFor={id} className="sr-only">
        Message the assistant
      </label>
      <textarea
        ref={input}
        id={id}
        name="message"
        rows={2}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder="Ask about your leads…"
        aria-describedby={hintId}
        className="block max-h-48 min-h-[2.75rem] w-full resize-none bg-transparent px-2 py-1.5 text-sm text-zinc-900 placeholder:text-zinc-400 focus:outline-none dark:text-zinc-100 dark:placeholder:text-zinc-500"
      />
      <div className="flex items-center justify-between gap-2 px-1">
        <p id={hintId} className="text-xs text-zinc-500 dark:text-zinc-400">
          {blockedReason ?? (
            <>
              <span className="hidden sm:inline">Enter to send, Shift+Enter for a new line.</span>
              <span className="sm:hidden">Enter to send.</span>
            </>
          )}
        </p>
        {busy ? (
          <Button variant="secondary" className="px-3 py-1.5" onClick={onStop}>
            Stop
          </Button>
        ) : (
          <Button type="submit" className="px-3 py-1.5" disabled={!canSend}>
            Send
          </Button>
        )}
      </div>
    </form>
  );
}
