import type { ReactNode } from "react";

/**
 * A JSON value, readable: objects and arrays fold (open to `openDepth`), strings quoted, nulls
 * dimmed. Plain HTML (`<details>`): it works before any script has loaded.
 */
export function JsonView({ value, openDepth = 2 }: { value: unknown; openDepth?: number }) {
  return <div className="overflow-x-auto font-mono text-xs leading-relaxed">{render(value, 0, openDepth)}</div>;
}

function render(value: unknown, depth: number, openDepth: number, name?: string): ReactNode {
  const label = name === undefined ? null : <span className="text-sky-700 dark:text-sky-300">{name}: </span>;
  if (value === null || typeof value !== "object") {
    return (
      <div>
        {label}
        <Scalar value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div>
        {label}
        {open}
        {close}
      </div>
    );
  }
  return (
    <details open={depth < openDepth}>
      <summary className="cursor-pointer select-none">
        {label}
        {open} <span className="text-zinc-500 dark:text-zinc-400">{entries.length} {Array.isArray(value) ? "items" : "keys"}</span>
      </summary>
      <div className="border-l border-zinc-200 pl-4 dark:border-zinc-700">{entries.map(([key, item]) => <div key={key}>{render(item, depth + 1, openDepth, key)}</div>)}</div>
      <div>{close}</div>
    </details>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-zinc-500 dark:text-zinc-400">null</span>;
  if (typeof value === "string") return <span className="break-all text-emerald-700 dark:text-emerald-300">&quot;{value}&quot;</span>;
  return <span className="text-amber-700 dark:text-amber-300">{String(value)}</span>;
}
