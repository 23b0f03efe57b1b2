import { z } from "zod";

export const AI_PROVIDERS = ["openai", "anthropic", "openai-compatible"] as const;
export type AiProvider = (typeof AI_PROVIDERS)[number];

export type AiConfig =
  | {
      configured: true;
      provider: AiProvider;
      /** The provider's model id, e.g. `gpt-5-mini`, `claude-sonnet-4-5`, `llama3.2`. */
      model: string;
      apiKey: string | null;
      /** For openai-compatible servers (Ollama, LM Studio, vLLM, a gateway). */
      baseUrl: string | null;
      /** Requests per minute one person may send (AI_RATE_LIMIT_PER_MINUTE, default 20). */
      rateLimitPerMinute: number;
    }
  | { configured: false; reason: string };

const KEY_PREFIX: Record<Exclude<AiProvider, "openai-compatible">, { variable: string; prefix: string }> = {
  openai: { variable: "OPENAI_API_KEY", prefix: "sk-" },
  anthropic: { variable: "ANTHROPIC_API_KEY", prefix: "sk-ant-" },
};

const schema = z
  .object({
    AI_PROVIDER: z.enum(AI_PROVIDERS, { error: `AI_PROVIDER must be one of ${AI_PROVIDERS.join(", ")}` }),
    AI_MODEL: z.string({ error: "AI_MODEL is not set (the model id, e.g. gpt-5-mini, claude-sonnet-4-5 or llama3.2)" }).trim().min(1, "AI_MODEL is empty"),
    OPENAI_API_KEY: z.string().trim().optional(),
    ANTHROPIC_API_KEY: z.string().trim().optional(),
    AI_BASE_URL: z.url({ protocol: /^https?$/, error: "AI_BASE_URL must be an http:// or https:// URL, e.g. http://127.0.0.1:11434/v1" }).optional(),
    AI_API_KEY: z.string().trim().optional(),
    AI_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000, "AI_RATE_LIMIT_PER_MINUTE is at most 10000").default(20),
  })
  .superRefine((env, ctx) => {
    if (env.AI_PROVIDER === "openai-compatible") {
      if (!env.AI_BASE_URL) ctx.addIssue({ code: "custom", message: "AI_BASE_URL is required for AI_PROVIDER=openai-compatible (e.g. http://127.0.0.1:11434/v1 for Ollama)" });
      return;
    }
    const { variable, prefix } = KEY_PREFIX[env.AI_PROVIDER];
    const key = env[variable as "OPENAI_API_KEY" | "ANTHROPIC_API_KEY"];
    if (!key) ctx.addIssue({ code: "custom", message: `${variable} is not set (AI_PROVIDER=${env.AI_PROVIDER})` });
    else if (!key.startsWith(prefix)) ctx.addIssue({ code: "custom", message: `${variable} does not look like ${env.AI_PROVIDER === "anthropic" ? "an Anthropic" : "an OpenAI"} key (it should start with ${prefix})` });
  });

/**
 * The assistant's model from the environment, parsed once. Not configured (no AI_PROVIDER) or
 * misconfigured, the assistant says so and why — the rest of the app does not depend on it.
 * Empty values count as unset.
 */
export function readAiConfig(env: Record<string, string | undefined> = process.env): AiConfig {
  const read = (name: string) => name.startsWith("AI_") || name === "OPENAI_API_KEY" || name === "ANTHROPIC_API_KEY";
  const present = Object.fromEntries(Object.entries(env).filter(([name, value]) => read(name) && value?.trim()));
  if (!present["AI_PROVIDER"]) return { configured: false, reason: "No AI model is configured: set AI_PROVIDER, AI_MODEL and the provider's key." };
  const parsed = schema.safeParse(present);
  if (!parsed.success) return { configured: false, reason: `The AI model is misconfigured: ${parsed.error.issues.map((issue) => issue.message).join("; ")}.` };
  const config = parsed.data;
  const apiKey = config.AI_PROVIDER === "openai" ? config.OPENAI_API_KEY : config.AI_PROVIDER === "anthropic" ? config.ANTHROPIC_API_KEY : config.AI_API_KEY;
  return {
    configured: true,
    provider: config.AI_PROVIDER,
    model: config.AI_MODEL,
    apiKey: apiKey || null,
    baseUrl: config.AI_BASE_URL ?? null,
    rateLimitPerMinute: config.AI_RATE_LIMIT_PER_MINUTE,
  };
}
