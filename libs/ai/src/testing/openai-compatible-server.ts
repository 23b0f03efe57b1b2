import http from "node:http";
import type { AddressInfo } from "node:net";

/** One answer of the scripted server: streamed text, or one tool call; with the usage it reports. */
export type ServerStep = { text: string; usage?: { prompt: number; completion: number } } | { tool: string; arguments: unknown; usage?: { prompt: number; completion: number } };

export interface ScriptedOpenAiServer {
  /** The base URL to give AI_BASE_URL (`http://127.0.0.1:<port>/v1`). */
  baseUrl: string;
  /** The chat-completions requests received, parsed. */
  requests: { authorization: string | undefined; body: { model: string; messages: unknown[]; tools?: unknown[]; stream_options?: unknown } }[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions streaming protocol (server-
 * sent `chat.completion.chunk` events, usage last, then `[DONE]`), answering each request with the
 * next step of `steps` — or, when `respond` is given, with what it returns for the request (on
 * `port`, or one the OS picks). For
 * exercising the openai-compatible provider path as in production, with no model.
 */
export async function startScriptedOpenAiServer(
  steps: ServerStep[],
  { respond, port = 0 }: { respond?: (body: ScriptedOpenAiServer["requests"][number]["body"]) => ServerStep; port?: number } = {},
): Promise<ScriptedOpenAiServer> {
  const requests: ScriptedOpenAiServer["requests"] = [];
  let next = 0;
  const server = http.createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    request.on("end", () => {
      if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
        response.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as ScriptedOpenAiServer["requests"][number]["body"];
      requests.push({ authorization: request.headers.authorization, body });
      const step = respond ? respond(body) : steps[next++];
      if (!step) {
        response.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "the script has no more steps" } }));
        return;
      }
      response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const base = { id: `chatcmpl-${requests.length}`, object: "chat.completion.chunk", created: 1_700_000_000, model: body.model };
      const send = (chunk: object) => response.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`);
      if ("tool" in step) {
        const id = `call_${requests.length}`;
        send({ choices: [{ index: 0, delta: { role: "assistant", content: null, tool_calls: [{ index: 0, id, type: "function", function: { name: step.tool, arguments: "" } }] }, finish_reason: null }] });
        const args = JSON.stringify(step.arguments);
        for (let at = 0; at < args.length; at += 8) {
          send({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(at, at + 8) } }] }, finish_reason: null }] });
        }
        send({ choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
      } else {
        send({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
        for (const word of step.text.split(/(?<= )/)) send({ choices: [{ index: 0, delta: { content: word }, finish_reason: null }] });
        send({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
      }
      const usage = step.usage ?? { prompt: 100, completion: 20 };
      send({ choices: [], usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } });
      response.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: listening } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${listening}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
