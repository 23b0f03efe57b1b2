"use client";

import { Alert, Button, buttonClassName } from "@saas/ui";
import Link from "next/link";

export interface ChatProblem {
  message: string;
  reason?: string;
  status?: number;
}

/**
 * What went wrong with a turn, from the error useChat holds: POST /api/chat answers a refusal with
 * `{ error: { message, reason } }` and its status (the transport keeps the body); an error in the
 * middle of the stream carries the server's text.
 */
export function problemOfChatError(error: Error): ChatProblem {
  const { responseBody, statusCode } = error as Error & { responseBody?: string; statusCode?: number };
  const raw = responseBody ?? error.message;
  try {
    const body = JSON.parse(raw) as { error?: { message?: unknown; reason?: unknown } };
    if (body.error && typeof body.error.message === "string") {
      return { message: body.error.message, reason: typeof body.error.reason === "string" ? body.error.reason : undefined, status: statusCode };
    }
  } catch {
    // Not JSON: the stream's own error text, or the network's.
  }
  if (/failed to fetch|network|load failed/i.test(error.message)) return { message: "The server could not be reached. Check your connection and try again." };
  return { message: error.message || "The assistant could not answer. Try again in a moment.", status: statusCode };
}

interface ChatErrorBannerProps {
  problem: ChatProblem;
  canBuyCredits: boolean;
  onRetry?: () => void;
  onDismiss: () => void;
}

/** The server's message, and what the person can do about it. */
export function ChatErrorBanner({ problem, canBuyCredits, onRetry, onDismiss }: ChatErrorBannerProps) {
  const outOfCredits = problem.reason === "OUT_OF_AI_CREDITS";
  const title = outOfCredits ? "Out of AI credits" : problem.reason === "AI_RATE_LIMITED" ? "Too many questions at once" : "The assistant could not answer";
  return (
    <Alert tone={outOfCredits || problem.reason === "AI_RATE_LIMITED" ? "warning" : "error"} title={title}>
      <p>{problem.message}</p>
      {outOfCredits ? (
        canBuyCredits ? null : <p className="mt-1">Ask an owner or admin of your organization to buy credits.</p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-2">
        {outOfCredits && canBuyCredits ? (
          <Link href="/billing" className={buttonClassName("primary", "px-3 py-1.5")}>
            Buy credits
          </Link>
        ) : null}
        {onRetry && !outOfCredits ? (
          <Button variant="secondary" className="px-3 py-1.5" onClick={onRetry}>
            Try again
          </Button>
        ) : null}
        <Button variant="ghost" className="px-3 py-1.5" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
    </Alert>
  );
}
