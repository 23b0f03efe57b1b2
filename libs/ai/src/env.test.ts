import { describe, expect, it } from "vitest";
import { readAiConfig } from "./env";

describe("readAiConfig", () => {
  it("not configured without AI_PROVIDER (empty counts as unset), saying what to set", () => {
    expect(readAiConfig({})).toEqual({ configured: false, reason: "No AI model is configured: set AI_PROVIDER, AI_MODEL and the provider's key." });
    expect(readAiConfig({ AI_PROVIDER: " ", AI_MODEL: "x" }).configured).toBe(false);
  });

  it("each provider with its key, checked by prefix; openai-compatible needs a base URL", () => {
    expect(readAiConfig({ AI_PROVIDER: "openai", AI_MODEL: "gpt-5-mini", OPENAI_API_KEY: "sk-abc" })).toEqual({
      configured: true,
      provider: "openai",
      model: "gpt-5-mini",
      apiKey: "sk-abc",
      baseUrl: null,
      rateLimitPerMinute: 20,
    });
    expect(readAiConfig({ AI_PROVIDER: "anthropic", AI_MODEL: "claude-sonnet-4-5", ANTHROPIC_API_KEY: "sk-ant-x" })).toMatchObject({ configured: true, apiKey: "sk-ant-x" });
    expect(readAiConfig({ AI_PROVIDER: "openai-compatible", AI_MODEL: "llama3.2", AI_BASE_URL: "http://127.0.0.1:11434/v1", AI_RATE_LIMIT_PER_MINUTE: "5" })).toMatchObject({
      configured: true,
      apiKey: null,
      baseUrl: "http://127.0.0.1:11434/v1",
      rateLimitPerMinute: 5,
    });
  });

  it("a misconfiguration is reported by variable, never with the key's value", () => {
    const anthropicKeyForOpenai = readAiConfig({ AI_PROVIDER: "openai", AI_MODEL: "gpt-5-mini", OPENAI_API_KEY: "sk-ant-secret-value" });
    expect(anthropicKeyForOpenai).toMatchObject({ configured: true }); // "sk-" prefix: plausible for OpenAI
    const wrongKey = readAiConfig({ AI_PROVIDER: "anthropic", AI_MODEL: "claude-sonnet-4-5", ANTHROPIC_API_KEY: "sk-proj-secret-value" });
    expect(wrongKey).toEqual({ configured: false, reason: "The AI model is misconfigured: ANTHROPIC_API_KEY does not look like an Anthropic key (it should start with sk-ant-)." });
    expect(JSON.stringify(wrongKey)).not.toContain("secret-value");
    expect(readAiConfig({ AI_PROVIDER: "openai", AI_MODEL: "gpt-5-mini" })).toMatchObject({ configured: false, reason: expect.stringContaining("OPENAI_API_KEY is not set") });
    expect(readAiConfig({ AI_PROVIDER: "openai-compatible", AI_MODEL: "m" })).toMatchObject({ configured: false, reason: expect.stringContaining("AI_BASE_URL is required") });
    expect(readAiConfig({ AI_PROVIDER: "openai-compatible", AI_MODEL: "m", AI_BASE_URL: "ftp://x" })).toMatchObject({ configured: false, reason: expect.stringContaining("AI_BASE_URL must be an http") });
    expect(readAiConfig({ AI_PROVIDER: "mistral", AI_MODEL: "m" })).toMatchObject({ configured: false, reason: expect.stringContaining("AI_PROVIDER must be one of openai, anthropic, openai-compatible") });
    expect(readAiConfig({ AI_PROVIDER: "openai", OPENAI_API_KEY: "sk-x" })).toMatchObject({ configured: false, reason: expect.stringContaining("AI_MODEL is not set") });
  });
});
