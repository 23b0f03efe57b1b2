import { STATUS_LABELS, type LeadStatus } from "@saas/leads/model";
import { getToolName, isToolUIPart, type DynamicToolUIPart, type ToolUIPart, type UIMessage } from "ai";

/** A lead as the assistant's tools return it (libs/ai/src/tools.ts `leadCard`). */
export interface LeadCardData {
  id: string;
  name: string;
  company: string | null;
  email: string | null;
  status: string;
  source: string | null;
  estimatedValue: number | null;
  assignee: string | null;
  createdAt: string;
  url: string;
}

export interface AggregateGroup {
  key: string | null;
  /** Assignees' names; null for the other groupings. */
  label: string | null;
  count: number;
  value: number | null;
}

export type ToolPart = ToolUIPart | DynamicToolUIPart;

export const WRITE_TOOLS = new Set(["createLead", "changeLeadStatus", "assignLead"]);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function asLead(value: unknown): LeadCardData | null {
  if (!isRecord(value) || typeof value["id"] !== "string" || typeof value["name"] !== "string") return null;
  return value as unknown as LeadCardData;
}

/** What a tool answered, read defensively (the output is whatever the server saved). */
export type ToolOutput =
  | { kind: "leads"; leads: LeadCardData[]; more: boolean }
  | { kind: "groups"; groupBy: string; groups: AggregateGroup[] }
  | { kind: "lead"; lead: LeadCardData; from?: unknown; to?: unknown }
  | { kind: "refused"; error: string }
  | { kind: "other" };

export function readToolOutput(output: unknown): ToolOutput {
  if (!isRecord(output)) return { kind: "other" };
  if (output["ok"] === false) return { kind: "refused", error: typeof output["error"] === "string" ? output["error"] : "The action was refused." };
  if (Array.isArray(output["leads"])) {
    return { kind: "leads", leads: output["leads"].map(asLead).filter((lead): lead is LeadCardData => lead !== null), more: output["more"] === true };
  }
  if (Array.isArray(output["groups"])) {
    return { kind: "groups", groupBy: String(output["groupBy"] ?? ""), groups: output["groups"].filter(isRecord) as unknown as AggregateGroup[] };
  }
  const lead = asLead(output["lead"]);
  if (lead) return { kind: "lead", lead, from: output["from"], to: output["to"] };
  return { kind: "other" };
}

export const statusLabel = (status: unknown) =>
  typeof status === "string" ? (STATUS_LABELS[status as LeadStatus] ?? status) : "—";

export const shortId = (id: unknown) => (typeof id === "string" ? `lead ${id.slice(0, 8)}…` : "a lead");

/** Every lead an earlier tool output in the chat showed, by id: to name leads in approval cards. */
export function leadsSeenIn(messages: UIMessage[]): Map<string, LeadCardData> {
  const seen = new Map<string, LeadCardData>();
  for (const message of messages) {
    for (const part of message.parts) {
      if (!isToolUIPart(part) || part.state !== "output-available") continue;
      const output = readToolOutput(part.output);
      if (output.kind === "leads") for (const lead of output.leads) seen.set(lead.id, lead);
      if (output.kind === "lead") seen.set(output.lead.id, output.lead);
    }
  }
  return seen;
}

export const toolNameOf = (part: ToolPart) => getToolName(part);

/** Whether an answer waits for the person to approve or deny a change. */
export const awaitsApproval = (message: UIMessage | undefined) =>
  message?.role === "assistant" && message.parts.some((part) => isToolUIPart(part) && part.state === "approval-requested");
