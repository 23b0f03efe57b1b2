"use client";

import { SOURCE_LABELS, type LeadSource } from "@saas/leads/model";
import { Badge, Button, Spinner } from "@saas/ui";
import Link from "next/link";
import { formatAmount } from "../format";
import { readToolOutput, shortId, statusLabel, toolNameOf, WRITE_TOOLS, type AggregateGroup, type LeadCardData, type ToolPart } from "./tool-data";

const frame = "rounded-lg border border-zinc-200 bg-zinc-50/80 text-sm dark:border-zinc-800 dark:bg-zinc-950/40";

const READ_TITLES: Record<string, string> = {
  searchLeads: "Searched leads",
  aggregateLeads: "Counted leads",
  getLead: "Looked up a lead",
};
const PENDING_TITLES: Record<string, string> = {
  searchLeads: "Searching leads",
  aggregateLeads: "Counting leads",
  getLead: "Looking up a lead",
};

interface ToolCardProps {
  part: ToolPart;
  /** Leads earlier answers showed, by id: to say which lead a change is about. */
  knownLeads: Map<string, LeadCardData>;
  /** The person's answer to an approval request; absent when the chat cannot answer now. */
  onApproval?: (approvalId: string, approved: boolean) => void;
}

/** One tool call as a compact card: what was read, or what will change and its outcome. */
export function ToolCard({ part, knownLeads, onApproval }: ToolCardProps) {
  const name = toolNameOf(part);
  return WRITE_TOOLS.has(name) ? <WriteCard name={name} part={part} knownLeads={knownLeads} onApproval={onApproval} /> : <ReadCard name={name} part={part} />;
}

function ReadCard({ name, part }: { name: string; part: ToolPart }) {
  const title = READ_TITLES[name] ?? `Used ${name}`;
  if (part.state === "input-streaming" || part.state === "input-available") {
    return (
      <div className={`${frame} flex items-center gap-2 px-3 py-2 text-zinc-600 dark:text-zinc-400`}>
        <Spinner />
        <span>{PENDING_TITLES[name] ?? `Using ${name}`}…</span>
      </div>
    );
  }
  if (part.state === "output-error") return <CardNote title={title} tone="error" text={part.errorText ?? "The tool failed."} />;
  if (part.state !== "output-available") return <CardNote title={title} text="Not run." />;
  const output = readToolOutput(part.output);
  if (output.kind === "refused") return <CardNote title={title} tone="error" text={output.error} />;
  if (output.kind === "leads") {
    return (
      <div className={frame} data-testid="tool-card" data-tool={name}>
        <CardHeader title={title} detail={`${output.leads.length}${output.more ? "+" : ""} ${output.leads.length === 1 ? "lead" : "leads"}`} />
        {output.leads.length === 0 ? (
          <p className="px-3 pb-2 text-zinc-600 dark:text-zinc-400">No lead matched.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 border-t border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {output.leads.map((lead) => (
              <li key={lead.id} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 px-3 py-1.5">
                <span className="min-w-0">
                  <Link href={lead.url} className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100">
                    {lead.name || "Unnamed lead"}
                  </Link>
                  {lead.company ? <span className="text-zinc-600 dark:text-zinc-400"> · {lead.company}</span> : null}
                </span>
                <span className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                  <Badge>{statusLabel(lead.status)}</Badge>
                  {lead.estimatedValue !== null ? <span className="tabular-nums">{formatAmount(lead.estimatedValue)}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (output.kind === "groups") return <GroupsCard title={title} groupBy={output.groupBy} groups={output.groups} />;
  if (output.kind === "lead") {
    const { lead } = output;
    return (
      <div className={frame} data-testid="tool-card" data-tool={name}>
        <CardHeader title={title} />
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
          <span>
            <Link href={lead.url} className="font-medium text-zinc-900 underline-offset-2 hover:underline dark:text-zinc-100">
              {lead.name}
            </Link>
            {lead.company ? <span className="text-zinc-600 dark:text-zinc-400"> · {lead.company}</span> : null}
          </span>
          <span className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            <Badge>{statusLabel(lead.status)}</Badge>
            {lead.assignee ? <span>{lead.assignee}</span> : <span>Unassigned</span>}
            {lead.estimatedValue !== null ? <span className="tabular-nums">{formatAmount(lead.estimatedValue)}</span> : null}
          </span>
        </div>
      </div>
    );
  }
  return <CardNote title={title} text="Done." />;
}

/** A group's name: statuses and sources by their labels, assignees by name, months as YYYY-MM. */
function groupLabel(groupBy: string, group: AggregateGroup): string {
  if (groupBy === "status") return statusLabel(group.key);
  if (groupBy === "source") return group.key ? (SOURCE_LABELS[group.key as LeadSource] ?? group.key) : "No source";
  if (groupBy === "assignee") return group.label ?? (group.key ? "Unknown member" : "Unassigned");
  return group.label ?? group.key ?? "—";
}

function GroupsCard({ title, groupBy, groups }: { title: string; groupBy: string; groups: AggregateGroup[] }) {
  const heading = groupBy ? groupBy.charAt(0).toUpperCase() + groupBy.slice(1) : "Group";
  return (
    <div className={frame} data-testid="tool-card" data-tool="aggregateLeads">
      <CardHeader title={title} detail={groupBy ? `by ${groupBy}` : undefined} />
      <div className="overflow-x-auto border-t border-zinc-200 dark:border-zinc-800">
        <table className="min-w-full text-left text-xs sm:text-sm">
          <thead className="text-zinc-600 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-3 py-1.5 font-medium">
                {heading}
              </th>
              <th scope="col" className="px-3 py-1.5 text-right font-medium">
                Leads
              </th>
              <th scope="col" className="px-3 py-1.5 text-right font-medium">
                Value
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {groups.map((group) => (
              <tr key={group.key ?? "none"}>
                <td className="px-3 py-1.5">{groupLabel(groupBy, group)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{group.count.toLocaleString("en-US")}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{formatAmount(group.value ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** What a write will do, in words, from its input and the leads the chat has already shown. */
function describeChange(name: string, input: unknown, knownLeads: Map<string, LeadCardData>): string {
  const fields = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const lead = typeof fields["leadId"] === "string" ? knownLeads.get(fields["leadId"]) : undefined;
  const who = lead?.name || shortId(fields["leadId"]);
  if (name === "changeLeadStatus") {
    return lead ? `Move ${who} from ${statusLabel(lead.status).toLowerCase()} to ${statusLabel(fields["status"]).toLowerCase()}` : `Move ${who} to ${statusLabel(fields["status"]).toLowerCase()}`;
  }
  if (name === "assignLead") {
    const assignee = String(fields["assignee"] ?? "").trim();
    const to = /^(me|myself)$/i.test(assignee) ? "you" : /^(nobody|no one|none)$/i.test(assignee) ? "nobody" : assignee;
    return `Give ${who} to ${to}`;
  }
  if (name === "createLead") {
    const person = [fields["firstName"], fields["lastName"]].filter((value) => typeof value === "string" && value).join(" ") || "a lead";
    const details = [
      typeof fields["company"] === "string" && fields["company"] ? fields["company"] : null,
      typeof fields["email"] === "string" && fields["email"] ? fields["email"] : null,
      fields["status"] ? statusLabel(fields["status"]) : null,
      typeof fields["estimatedValue"] === "number" ? `value ${formatAmount(fields["estimatedValue"])}` : null,
    ].filter(Boolean);
    return `Create the lead ${person}${details.length ? ` (${details.join(", ")})` : ""}`;
  }
  return `Run ${name}`;
}

function WriteCard({ name, part, knownLeads, onApproval }: { name: string } & ToolCardProps) {
  if (part.state === "input-streaming") {
    return (
      <div className={`${frame} flex items-center gap-2 px-3 py-2 text-zinc-600 dark:text-zinc-400`}>
        <Spinner />
        <span>Preparing a change…</span>
      </div>
    );
  }
  const change = describeChange(name, part.input, knownLeads);
  const output = part.state === "output-available" ? readToolOutput(part.output) : null;
  let outcome: { tone: "success" | "error" | "neutral" | "pending"; text: string; lead?: LeadCardData } | null = null;
  if (part.state === "output-available") {
    outcome = output?.kind === "refused" ? { tone: "error", text: output.error } : { tone: "success", text: "Done", lead: output?.kind === "lead" ? output.lead : undefined };
  } else if (part.state === "output-error") outcome = { tone: "error", text: part.errorText ?? "The change failed." };
  else if (part.state === "output-denied") outcome = part.approval?.reason ? { tone: "error", text: `Denied: ${part.approval.reason}` } : { tone: "neutral", text: "Denied" };
  else if (part.state === "approval-responded") outcome = { tone: "pending", text: part.approval.approved ? "Approved, applying…" : "Denied" };
  const awaiting = part.state === "approval-requested";
  const done = output?.kind === "lead" ? output : null;
  const summary =
    name === "changeLeadStatus" && done && typeof done.from === "string" && typeof done.to === "string"
      ? `Move ${done.lead.name} from ${statusLabel(done.from).toLowerCase()} to ${statusLabel(done.to).toLowerCase()}`
      : change;
  return (
    <div
      className={`${frame} ${awaiting ? "border-amber-300 bg-amber-50/70 dark:border-amber-800 dark:bg-amber-950/30" : ""}`}
      data-testid="tool-card"
      data-tool={name}
      role={awaiting ? "group" : undefined}
      aria-label={awaiting ? "Change waiting for your approval" : undefined}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{awaiting ? "Needs your approval" : "Change"}</p>
          <p className="font-medium text-zinc-900 dark:text-zinc-100">
            {done ? (
              <Link href={done.lead.url} className="underline-offset-2 hover:underline">
                {summary}
              </Link>
            ) : (
              summary
            )}
          </p>
        </div>
        {awaiting ? (
          onApproval ? (
            <div className="flex gap-2">
              <Button variant="secondary" className="px-3 py-1.5" onClick={() => onApproval(part.approval.id, false)}>
                Deny
              </Button>
              <Button className="px-3 py-1.5" onClick={() => onApproval(part.approval.id, true)}>
                Approve
              </Button>
            </div>
          ) : (
            <span className="text-xs text-zinc-600 dark:text-zinc-400">Waiting for approval</span>
          )
        ) : outcome ? (
          <OutcomeBadge {...outcome} />
        ) : null}
      </div>
    </div>
  );
}

function OutcomeBadge({ tone, text }: { tone: "success" | "error" | "neutral" | "pending"; text: string }) {
  if (tone === "pending") {
    return (
      <span className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        <Spinner />
        {text}
      </span>
    );
  }
  if (tone === "error") return <p className="text-sm font-medium text-red-700 dark:text-red-300">{text}</p>;
  return <Badge tone={tone === "success" ? "success" : "neutral"}>{text}</Badge>;
}

function CardHeader({ title, detail }: { title: string; detail?: string }) {
  return (
    <p className="flex items-baseline justify-between gap-2 px-3 py-2 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
      <span>{title}</span>
      {detail ? <span className="normal-case tracking-normal">{detail}</span> : null}
    </p>
  );
}

function CardNote({ title, text, tone }: { title: string; text: string; tone?: "error" }) {
  return (
    <div className={frame} data-testid="tool-card">
      <CardHeader title={title} />
      <p className={`border-t border-zinc-200 px-3 py-2 dark:border-zinc-800 ${tone === "error" ? "text-red-700 dark:text-red-300" : "text-zinc-600 dark:text-zinc-400"}`}>{text}</p>
    </div>
  );
}
