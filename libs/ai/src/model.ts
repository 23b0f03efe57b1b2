import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { createProviderRegistry, type LanguageModel } from "ai";
import type { AiConfig } from "./env";

type Configured = Extract<AiConfig, { configured: true }>;

/**
 * The configured chat model, through the AI SDK's provider registry (the official provider
 * packages; no hand-written HTTP to a model). Its id — `provider:model` — is what usage records.
 */
export function createChatModel(config: Configured): { model: LanguageModel; id: string } {
  const apiKey = config.apiKey ?? undefined;
  const registry = createProviderRegistry({
    ...(config.provider === "openai" ? { openai: createOpenAI({ apiKey, baseURL: config.baseUrl ?? undefined }) } : {}),
    ...(config.provider === "anthropic" ? { anthropic: createAnthropic({ apiKey, baseURL: config.baseUrl ?? undefined }) } : {}),
    ...(config.provider === "openai-compatible"
      ? // includeUsage: servers then send token usage in the stream (stream_options.include_usage), which credits need.
        { "openai-compatible": createOpenAICompatible({ name: "openai-compatible", baseURL: config.baseUrl ?? "", apiKey, includeUsage: true }) }
      : {}),
  });
  const id = `${config.provider}:${config.model}` as const;
  return { model: registry.languageModel(id), id };
}
