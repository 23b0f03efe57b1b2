import { releaseAiCredits, reserveAiCreditsIn, settleAiCredits } from "@saas/billing";
import type { Database, MemberRole, Transaction } from "@saas/db";
import { AppError } from "@saas/errors";
import type { LeadLimit } from "@saas/leads";
import {
  consumeStream,
  convertToModelMessages,
  createIdGenerator,
  createUIMessageStreamResponse,
  stepCountIs,
  streamText,
  toUIMessageStream,
  validateUIMessages,
  type LanguageModel,
  type UIMessage,
} from "ai";
import { z } from "zod";
import { getChat, saveMessage, titleFirstExchange, type ChatOwner, type StoredMessage } from "./chat-store";
import { assistantInstructions } from "./instructions";
import { assertWithinAiRateLimit } from "./rate-limit";
import { generateChatTitle } from "./title";
import { createLeadTools } from "./tools";

/** What the browser sends: the chat, and its newest message only (the history is ours). */
export const chatRequestSchema = z.object({
  chatId: z.uuid("Unknown chat"),
  message: z.object({
    id: z.string().min(1).max(100),
    role: z.enum(["user", "assistant"], { error: "Only user messages (or approvals on the last answer) can be sent" }),
    parts: z.array(z.looseObject({ type: z.string() })).min(1, "The message is empty").max(50),
  }),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export interface ChatTurn {
  db: Database;
  model: LanguageModel;
  /** `provider:model`, as usage records it. */
  modelId: string;
  member: { organizationId: string; organizationName: string; userId: string; name: string; role: MemberRole };
  request: ChatRequest;
  /** The plan's monthly AI credits (null: unmetered) and lead limit. */
  monthlyAllowance: number | null;
  leadLimit: LeadLimit | null;
  rateLimitPerMinute: number;
  /** Signs tool approvals, so a browser cannot approve a call the server never asked about. */
  approvalSecret: string;
  /** The request's: the person pressing Stop (or leaving) ends the model call. */
  signal?: AbortSignal;
  /** Errors after the answer has started (saving it, settling credits), for the logs. */
  onBackgroundError?: (error: unknown, what: string) => void;
  now?: Date;
}

/** The most tool calls and answers in one turn. */
const MAX_STEPS = 6;
const MAX_OUTPUT_TOKENS = 2_000;

const generateMessageId = createIdGenerator({ prefix: "msg", size: 16 });

/**
 * The history with the incoming message: a new user message is appended; an existing user
 * message (edited) replaces it and drops what came after; the last answer comes back with the
 * person's approvals, which are all that is taken from it — its text and tool results stay ours.
 */
function withIncoming(history: StoredMessage[], incoming: ChatRequest["message"]): { messages: UIMessage[]; saved: UIMessage; edited: boolean } {
  const index = history.findIndex((message) => message.id === incoming.id);
  if (incoming.role === "user") {
    const message = { id: incoming.id, role: "user", parts: incoming.parts } as UIMessage;
    if (index === -1) return { messages: [...history, message], saved: message, edited: false };
    if (history[index]?.role !== "user") throw new AppError("BAD_REQUEST", "That message is not yours to edit.", { reason: "NOT_A_USER_MESSAGE" });
    return { messages: [...history.slice(0, index), message], saved: message, edited: true };
  }
  const stored = history[index];
  if (!stored || stored.role !== "assistant" || index !== history.length - 1) {
    throw new AppError("BAD_REQUEST", "Only the last answer's approvals can be sent back.", { reason: "NOT_THE_LAST_ANSWER" });
  }
  const responses = new Map(
    incoming.parts.flatMap((part) => {
      const approval = (part as { state?: string; approval?: { id: string; approved: boolean; reason?: string } }).approval;
      return (part as { state?: string }).state === "approval-responded" && approval ? [[approval.id, approval] as const] : [];
    }),
  );
  const parts = stored.parts.map((part) => {
    const pending = part as { state?: string; approval?: { id: string } };
    const answer = pending.state === "approval-requested" && pending.approval ? responses.get(pending.approval.id) : undefined;
    return answer
      ? // The approval keeps the server's signature; only the person's answer comes from the browser.
        ({ ...part, state: "approval-responded", approval: { ...pending.approval, approved: answer.approved === true, reason: answer.reason } } as typeof part)
      : part;
  });
  const message = { id: stored.id, role: "assistant", parts } as UIMessage;
  return { messages: [...history.slice(0, index), message], saved: message, edited: false };
}

const firstText = (message: UIMessage) =>
  message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join(" ");

/**
 * One turn of a chat, streamed: checks the person's rate limit and reserves credits (refusing with
 * 429 or 402 before any model call), saves their message, then streams the model's answer with
 * the lead tools. When the answer ends — finished, stopped or failed — it is saved
 * (marked so) and its credits settled. No database transaction is open while the model runs.
 */
export async function streamChatTurn(turn: ChatTurn): Promise<Response> {
  const { db, member, request } = turn;
  const owner: ChatOwner = { organizationId: member.organizationId, userId: member.userId };
  const asAuthor = <T>(fn: (tx: Transaction) => Promise<T>) => db.withTenant(member.organizationId, fn, { actorId: member.userId });
  const { tools, approvals } = createLeadTools(db, { organizationId: member.organizationId, userId: member.userId, role: member.role, leadLimit: turn.leadLimit });

  // One short transaction: the person's rate limit, then the credits this answer may cost. A
  // refusal rolls both back (and makes no model call).
  const scope = { organizationId: member.organizationId, monthlyAllowance: turn.monthlyAllowance };
  const reservation = await db.transaction(async (tx) => {
    await assertWithinAiRateLimit(tx, member.userId, turn.rateLimitPerMinute);
    return reserveAiCreditsIn(tx, { ...scope, userId: member.userId, chatId: request.chatId, model: turn.modelId });
  });
  const usage = { inputTokens: 0, outputTokens: 0 };
  const settle = () =>
    settleAiCredits(db, { ...scope, usageId: reservation.usageId }, usage).catch((error: unknown) => turn.onBackgroundError?.(error, "settling AI credits"));

  let started = false;
  try {
    // Then, as the chat's author: its history, the incoming message checked against it and
    // saved — before the model is called.
    const { chat, validated, saved, isFirstQuestion } = await asAuthor(async (tx) => {
      const chat = await getChat(tx, owner, request.chatId);
      const { messages, saved, edited } = withIncoming(chat.messages, request.message);
      const validated = await validateUIMessages({ messages, tools }).catch((error: unknown) => {
        throw new AppError("BAD_REQUEST", `The message cannot be read: ${error instanceof Error ? error.message.split("\n")[0] : "invalid"}`, { reason: "INVALID_MESSAGE" });
      });
      await saveMessage(tx, owner, chat.id, saved, { truncateAfter: edited });
      const isFirstQuestion = saved.role === "user" && !chat.messages.some((message) => message.role === "user" && message.id !== saved.id);
      return { chat, validated, saved, isFirstQuestion };
    });

    const result = streamText({
      model: turn.model,
      instructions: assistantInstructions({
        organizationName: member.organizationName,
        memberName: member.name,
        role: member.role,
        today: (turn.now ?? new Date()).toISOString().slice(0, 10),
      }),
      messages: await convertToModelMessages(validated, { tools }),
      tools,
      toolApproval: approvals,
      experimental_toolApprovalSecret: turn.approvalSecret,
      stopWhen: stepCountIs(MAX_STEPS),
      maxOutputTokens: MAX_OUTPUT_TOKENS,
      maxRetries: 1,
      abortSignal: turn.signal,
      onStepEnd: (step) => {
        usage.inputTokens += step.usage.inputTokens ?? 0;
        usage.outputTokens += step.usage.outputTokens ?? 0;
      },
      onError: () => {}, // reported to the person by the UI stream's onError, logged by the caller
    });

    const stream = toUIMessageStream({
      stream: result.stream,
      originalMessages: validated,
      generateMessageId,
      onError: (error) => (error instanceof AppError ? error.message : "The assistant could not answer. Try again in a moment."),
      onEnd: async ({ responseMessage, isAborted, outcome }) => {
        try {
          if (responseMessage.parts.length > 0) {
            const status = isAborted ? "stopped" : outcome.status === "failed" ? "failed" : "complete";
            await asAuthor((tx) => saveMessage(tx, owner, chat.id, responseMessage, { status }));
          }
          if (isFirstQuestion) {
            const question = firstText(saved);
            const title = outcome.status === "completed" && !isAborted ? await generateChatTitle(turn.model, question, firstText(responseMessage), usage) : null;
            await asAuthor((tx) => titleFirstExchange(tx, owner, chat.id, title ?? question));
          }
        } catch (error) {
          turn.onBackgroundError?.(error, "saving the answer");
        } finally {
          await settle();
        }
      },
    });
    started = true;
    // consumeSseStream: a person who closes the tab still gets the whole answer saved.
    return createUIMessageStreamResponse({ stream, consumeSseStream: consumeStream });
  } catch (error) {
    // Refused before the model was called (no such chat, a bad message): as if never reserved.
    if (!started) await releaseAiCredits(db, { organizationId: member.organizationId, usageId: reservation.usageId }).catch((e: unknown) => turn.onBackgroundError?.(e, "releasing AI credits"));
    throw error;
  }
}
