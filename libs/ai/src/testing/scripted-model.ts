import { simulateReadableStream } from "ai";
import { MockLanguageModelV4 } from "ai/test";

/** One model call of a scripted conversation: text in words, or one tool call; or a failure. */
export type ScriptStep =
  | { text: string; delayMs?: number; inputTokens?: number; outputTokens?: number }
  | { tool: string; input: unknown; inputTokens?: number; outputTokens?: number }
  | { fail: string };

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/**
 * An offline language model (the AI SDK's mock) that plays `steps` in order, one per call, with
 * real streaming (text word by word, `delayMs` apart). `calls` counts the calls made.
 */
export function scriptedModel(steps: ScriptStep[]) {
  let next = 0;
  const model = new MockLanguageModelV4({
    doStream: async () => {
      const step = steps[next++];
      if (!step) throw new Error(`scriptedModel: no step ${next} in the script`);
      if ("fail" in step) throw new Error(step.fail);
      if ("tool" in step) {
        return {
          stream: simulateReadableStream({
            chunks: [
              { type: "stream-start" as const, warnings: [] },
              { type: "tool-call" as const, toolCallId: `call_${next}`, toolName: step.tool, input: JSON.stringify(step.input) },
              { type: "finish" as const, finishReason: { unified: "tool-calls" as const, raw: "tool_calls" }, usage: usage(step.inputTokens ?? 100, step.outputTokens ?? 20) },
            ],
          }),
        };
      }
      const words = step.text.split(/(?<= )/);
      return {
        stream: simulateReadableStream({
          chunkDelayInMs: step.delayMs ?? 0,
          chunks: [
            { type: "stream-start" as const, warnings: [] },
            { type: "text-start" as const, id: "t" },
            ...words.map((delta) => ({ type: "text-delta" as const, id: "t", delta })),
            { type: "text-end" as const, id: "t" },
            { type: "finish" as const, finishReason: { unified: "stop" as const, raw: "stop" }, usage: usage(step.inputTokens ?? 100, step.outputTokens ?? words.length) },
          ],
        }),
      };
    },
  });
  return { model, get calls() { return next; } };
}

/** The UI message stream's chunks (`data: {…}` lines), read to the end. */
export async function readUIStream(response: Response): Promise<{ type: string; [key: string]: unknown }[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .map((event) => event.replace(/^data: /, "").trim())
    .filter((data) => data && data !== "[DONE]")
    .map((data) => JSON.parse(data) as { type: string });
}
