import { Card } from "@saas/ui";

const VARIABLES: { name: string; what: string }[] = [
  { name: "AI_PROVIDER", what: "openai, anthropic or openai-compatible" },
  { name: "AI_MODEL", what: "the model id, e.g. gpt-5-mini, claude-sonnet-4-5 or llama3.2" },
  { name: "OPENAI_API_KEY", what: "with AI_PROVIDER=openai (starts with sk-)" },
  { name: "ANTHROPIC_API_KEY", what: "with AI_PROVIDER=anthropic (starts with sk-ant-)" },
  { name: "AI_BASE_URL", what: "with AI_PROVIDER=openai-compatible: the server's URL, e.g. http://127.0.0.1:11434/v1 for Ollama (and AI_API_KEY if it needs one)" },
];

/** No model: say so, why, and what to set. No chat then. */
export function AssistantNotConfigured({ reason }: { reason: string | null }) {
  return (
    <Card title="The AI assistant is not configured" description="Nothing else depends on it: the rest of the app works as usual.">
      <div role="status">
        {reason ? <p className="text-sm text-zinc-800 dark:text-zinc-200">{reason}</p> : null}
        <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Set these variables in the web app&apos;s environment, then restart it:</p>
        <dl className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
          {VARIABLES.map((variable) => (
            <div key={variable.name} className="grid gap-1 px-3 py-2 sm:grid-cols-[12rem_1fr] sm:gap-3">
              <dt>
                <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100">{variable.name}</code>
              </dt>
              <dd className="text-zinc-600 dark:text-zinc-400">{variable.what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </Card>
  );
}
