import { streamText, type LanguageModel } from "ai";

const TITLE_TOKENS = 24;

/**
 * A short title for a chat from its first exchange, by the same model (its tokens count as the
 * answer's usage). Null when the model does not give one (the question then serves as title).
 */
export async function generateChatTitle(model: LanguageModel, question: string, answer: string, usage: { inputTokens: number; outputTokens: number }) {
  try {
    const result = streamText({
      model,
      instructions: "Write a title of 2 to 6 words for this conversation. Answer with the title only: no quotes, no final period.",
      prompt: `Question: ${question.slice(0, 500)}\n\nAnswer: ${answer.slice(0, 500)}`,
      maxOutputTokens: TITLE_TOKENS,
      maxRetries: 0,
      onError: () => {},
    });
    const [text, spent] = await Promise.all([result.text, result.usage]);
    usage.inputTokens += spent.inputTokens ?? 0;
    usage.outputTokens += spent.outputTokens ?? 0;
    const title = text.replace(/\s+/g, " ").replace(/^["'«“]+|["'»”.]+$/g, "").trim();
    return title.length > 0 ? title : null;
  } catch {
    return null;
  }
}
