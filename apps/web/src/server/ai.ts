import "server-only";
import { createHash } from "node:crypto";
import { authOptionsFromEnv } from "@saas/auth";
import { createChatModel, readAiConfig, type AiConfig } from "@saas/ai";
import type { LanguageModel } from "ai";
import { readWebEnv } from "./env";
import { logger } from "./logger";

// On globalThis so hot reloads in development keep one configuration and model client.
const holder = globalThis as typeof globalThis & { __saasWebAi?: { config: AiConfig; model: { model: LanguageModel; id: string } | null } };

function load() {
  if (!holder.__saasWebAi) {
    const config = readAiConfig();
    holder.__saasWebAi = { config, model: config.configured ? createChatModel(config) : null };
    if (config.configured) logger.info({ model: `${config.provider}:${config.model}` }, "AI assistant: configured");
    else logger.info({ reason: config.reason }, "AI assistant: not configured");
  }
  return holder.__saasWebAi;
}

/** The assistant's configuration from AI_* (read once). */
export const getAiConfig = (): AiConfig => load().config;

/** The configured model, or null when there is none. */
export const getChatModel = () => load().model;

/**
 * The key that signs tool approvals (so a browser cannot approve a call the server never asked
 * about): derived from BETTER_AUTH_SECRET, never the secret itself.
 */
export function toolApprovalSecret(): string {
  const env = readWebEnv();
  const { secret } = authOptionsFromEnv(env, { production: env.production });
  return createHash("sha256").update(`ai-tool-approval:${secret}`).digest("base64url");
}
